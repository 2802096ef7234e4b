/**
 * Ridge against lasso at the same λ: which slope is exactly zero, and each slope's value.
 *
 * Ridge: Σ(y_i − m·x_i − b)² + λm², m = S_xy/(S_xx + λ), never exactly 0. Lasso: Σ(…)² + λ|m| (or 2λ|m|),
 * m = sign(S_xy)·max(|S_xy| − t, 0)/S_xx, exactly 0 once λ ≥ λ*. The regime 'lasso-zero' picks λ ≥ λ*
 * (lasso 0, ridge not); 'both-nonzero' picks λ < λ*.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { type Convention, lasso1d, lassoLambdaStar1d, lassoThreshold, ols1d, ridge1d, summarize1d } from '@/lib/solver'
import { dataWithLines, slopeVsLambda } from '../figures'
import { texFrac, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, drawLambdaBeside, mistakesDistinguishable, isSmallNonZero, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    convention: z.enum(['lambda', 'two-lambda', 'random']).default('random'),
    /** 'lasso-zero': λ ≥ λ* (lasso exactly 0, ridge not); 'both-nonzero': λ < λ*; 'random': either. */
    regime: z.enum(['lasso-zero', 'both-nonzero', 'random']).default('random'),
  })
  .superRefine(checkDataRanges)

export type Params = z.infer<typeof params>

/** What the choice options mean; their ids are shuffled per variant. */
export type ZeroKey = 'lasso' | 'ridge' | 'both' | 'neither'
const OPTION_LABELS: Record<ZeroKey, string> = {
  lasso: 'Only the lasso slope is exactly 0',
  ridge: 'Only the ridge slope is exactly 0',
  both: 'Both slopes are exactly 0',
  neither: 'Neither slope is exactly 0',
}

export interface Variant {
  x: number[]
  y: number[]
  convention: Convention
  regime: 'lasso-zero' | 'both-nonzero'
  lambda: number
  /** Option id → meaning, in display order. */
  options: { id: string; key: ZeroKey }[]
}

const P = { zero: 'zero', ridge: 'ridge', lasso: 'lasso' } as const
const penaltyTex = (c: Convention) => (c === 'lambda' ? '\\lambda|m|' : '2\\lambda|m|')
const other = (c: Convention): Convention => (c === 'lambda' ? 'two-lambda' : 'lambda')

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const convention: Convention = p.convention === 'random' ? rng.pick(['lambda', 'two-lambda'] as const) : p.convention
  const regime = p.regime === 'random' ? rng.pick(['lasso-zero', 'both-nonzero'] as const) : p.regime
  const keys = rng.shuffle(['lasso', 'ridge', 'both', 'neither'] as const)
  const options = keys.map((key, i) => ({ id: `o${i + 1}`, key }))
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    if (!(Sxx > 0) || Sxy === 0) continue
    const lamStar = lassoLambdaStar1d(x, y, convention)
    const lambda = drawLambdaBeside(rng, lamStar, regime === 'lasso-zero' ? 'zero' : 'nonzero', { includeThreshold: true, upperFactor: 1.6 })
    if (lambda === undefined) continue
    const v: Variant = { x, y, convention, regime, lambda, options }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error('ridge-vs-lasso: could not draw data with S_xx > 0 and S_xy ≠ 0 in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `Two lines $\\hat y = mx + b$ are fitted to the ${v.x.length} points below with the same $\\lambda = ${v.lambda}$: ridge regression, which minimizes` +
      '$$L_{\\text{ridge}}(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + \\lambda m^2,$$' +
      `and the lasso, which minimizes $$L_{\\text{lasso}}(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + ${penaltyTex(v.convention)}.$$` +
      'Neither penalizes the intercept $b$.',
    table: dataTable(v.x, v.y),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    {
      id: P.zero,
      prompt: `At $\\lambda = ${v.lambda}$, which slope is exactly zero?`,
      answer: { type: 'choice', options: v.options.map((o) => ({ id: o.id, label: OPTION_LABELS[o.key] })) },
      points: 1,
    },
    { id: P.ridge, prompt: 'The ridge slope $m_{\\text{ridge}}$.', answer: { type: 'number' }, points: 1, label: '$m_{\\text{ridge}} =$' },
    { id: P.lasso, prompt: 'The lasso slope $m_{\\text{lasso}}$ (answer 0 if it is exactly zero).', answer: { type: 'number' }, points: 1, label: '$m_{\\text{lasso}} =$' },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
const optionId = (v: Variant, key: ZeroKey) => v.options.find((o) => o.key === key)!.id

function zeroKey(ridgeSlope: number, lassoSlope: number): ZeroKey {
  if (ridgeSlope === 0) return lassoSlope === 0 ? 'both' : 'ridge'
  return lassoSlope === 0 ? 'lasso' : 'neither'
}

function solve(v: Variant): Record<string, number | string> {
  const r = ridge1d(v.x, v.y, v.lambda).slope
  const l = lasso1d(v.x, v.y, v.lambda, v.convention).slope
  return { [P.zero]: optionId(v, zeroKey(r, l)), [P.ridge]: r, [P.lasso]: l }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)
const correctKey = (v: Variant) => zeroKey(ridge1d(v.x, v.y, v.lambda).slope, lasso1d(v.x, v.y, v.lambda, v.convention).slope)
/** The option of `key`, unless it is the right one. */
const choiceMistake = (v: Variant, key: ZeroKey, when = true) => (when && correctKey(v) !== key ? optionId(v, key) : undefined)
const ridgeMistake = (v: Variant, value: number) => unlessCorrect(value, ridge1d(v.x, v.y, v.lambda).slope)
const lassoMistake = (v: Variant, value: number) => unlessCorrect(value, lasso1d(v.x, v.y, v.lambda, v.convention).slope)

const mistakes: Misconception<Variant>[] = [
  {
    id: 'ridge-zeroes',
    part: P.zero,
    label: 'Thought ridge sets the slope to zero',
    description: 'Ridge divides: $m = S_{xy}/(S_{xx} + \\lambda)$ is never exactly 0 for finite $\\lambda$. Only the lasso subtracts a constant and clamps at 0.',
    value: (v) => choiceMistake(v, 'ridge'),
  },
  {
    id: 'both-zero',
    part: P.zero,
    label: 'Thought both penalties zero the slope',
    description: 'Both shrink the slope, but only the lasso’s constant push ($\\lambda\\operatorname{sign}(m)$) can hold it at exactly 0; the ridge push $2\\lambda m$ fades as $m \\to 0$.',
    value: (v) => choiceMistake(v, 'both'),
  },
  {
    id: 'lasso-never-zero',
    part: P.zero,
    label: 'Missed that the lasso slope is exactly zero',
    description: 'Here $|S_{xy}|$ does not exceed the lasso threshold, so soft thresholding gives exactly $m = 0$, not merely a small slope.',
    value: (v) => choiceMistake(v, 'neither', correctKey(v) === 'lasso'),
  },
  {
    id: 'lasso-always-zero',
    part: P.zero,
    label: 'Thought the lasso slope is always zero',
    description: 'The lasso slope is 0 only once $\\lambda \\ge \\lambda^*$; here $|S_{xy}|$ exceeds the threshold, so the slope is shrunk but not zero.',
    value: (v) => choiceMistake(v, 'lasso', correctKey(v) === 'neither'),
  },
  {
    id: 'ridge-used-lasso',
    part: P.ridge,
    label: 'Used the lasso formula for ridge',
    description: 'The ridge slope is $S_{xy}/(S_{xx} + \\lambda)$; soft thresholding belongs to the lasso.',
    value: (v) => ridgeMistake(v, lasso1d(v.x, v.y, v.lambda, v.convention).slope),
  },
  {
    id: 'ridge-ols',
    part: P.ridge,
    label: 'Forgot the ridge penalty (OLS slope)',
    description: '$S_{xy}/S_{xx}$ is the slope at $\\lambda = 0$; ridge adds $\\lambda$ to the denominator.',
    value: (v) => ridgeMistake(v, ols1d(v.x, v.y).slope),
  },
  {
    id: 'ridge-half-lambda',
    part: P.ridge,
    label: 'Used $\\lambda/2$ in ridge',
    description: 'The derivative of $\\lambda m^2$ is $2\\lambda m$; after dividing by 2, $\\lambda$ itself joins $S_{xx}$: $m = S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => ridgeMistake(v, stats(v).Sxy / (stats(v).Sxx + v.lambda / 2)),
  },
  {
    id: 'lasso-used-ridge',
    part: P.lasso,
    label: 'Used the ridge formula for the lasso',
    description: 'The lasso slope is soft-thresholded: $\\operatorname{sign}(S_{xy})\\max(|S_{xy}| - t, 0)/S_{xx}$, not $S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => lassoMistake(v, ridge1d(v.x, v.y, v.lambda).slope),
  },
  {
    id: 'lasso-other-convention',
    part: P.lasso,
    label: 'Used the other lasso convention',
    description: 'With $\\lambda|m|$ the threshold is $\\lambda/2$; with $2\\lambda|m|$ it is $\\lambda$. Read which penalty this lasso uses.',
    value: (v) => lassoMistake(v, lasso1d(v.x, v.y, v.lambda, other(v.convention)).slope),
  },
  {
    id: 'lasso-no-clamp',
    part: P.lasso,
    natural: true,
    label: 'Forgot the clamp $\\max(\\cdot, 0)$',
    description: 'Below the threshold, $S_{xy} - \\operatorname{sign}(S_{xy})\\,t$ has the wrong sign; the lasso slope is then exactly 0 and does not cross to the other side.',
    value: (v) => {
      const { Sxx, Sxy } = stats(v)
      const t = lassoThreshold(v.lambda, v.convention)
      return Math.abs(Sxy) < t ? lassoMistake(v, (Sxy - Math.sign(Sxy) * t) / Sxx) : undefined
    },
  },
  {
    id: 'lasso-ols',
    part: P.lasso,
    label: 'Forgot the lasso penalty (OLS slope)',
    description: '$S_{xy}/S_{xx}$ is the slope at $\\lambda = 0$; the lasso first shrinks $|S_{xy}|$ by the threshold.',
    value: (v) => lassoMistake(v, ols1d(v.x, v.y).slope),
  },
  {
    id: 'ridge-answered-zero',
    part: P.ridge,
    natural: true,
    label: 'Answered 0 for ridge',
    description: 'Ridge divides by $S_{xx} + \\lambda$: its slope shrinks as $\\lambda$ grows but is never exactly 0 for a finite $\\lambda$.',
    value: () => 0,
  },
  {
    id: 'lasso-answered-zero',
    part: P.lasso,
    natural: true,
    label: 'Answered 0 although $|S_{xy}|$ is above the threshold',
    description: 'The lasso slope is exactly 0 only when $|S_{xy}|$ is at most the threshold; here it is larger, so the slope is shrunk, not zeroed.',
    value: (v) => (lasso1d(v.x, v.y, v.lambda, v.convention).slope !== 0 ? 0 : undefined),
  },
  {
    id: 'ridge-slope-sign',
    part: P.ridge,
    natural: true,
    label: 'Wrong sign of the ridge slope',
    description: 'Ridge shrinks the slope toward 0 but never past it: $S_{xx} + \\lambda > 0$, so the ridge slope has the sign of $S_{xy}$.',
    value: (v) => ridgeMistake(v, -ridge1d(v.x, v.y, v.lambda).slope),
  },
  {
    id: 'lasso-slope-sign',
    part: P.lasso,
    natural: true,
    label: 'Wrong sign of the lasso slope',
    description: 'Soft thresholding never changes the sign: a nonzero lasso slope has the sign of $S_{xy}$, like the OLS slope.',
    value: (v) => lassoMistake(v, -lasso1d(v.x, v.y, v.lambda, v.convention).slope),
  },
  {
    id: 'lasso-small-not-zero',
    part: P.lasso,
    natural: true,
    label: 'Gave a small number instead of exactly 0',
    description: 'With $|S_{xy}|$ at most the threshold the lasso slope is exactly 0, not close to it: its penalty pulls with a constant force $\\lambda$ that does not fade as $m$ shrinks.',
    value: (v) => (lasso1d(v.x, v.y, v.lambda, v.convention).slope === 0 ? 0.01 * Math.sign(stats(v).Sxy) : undefined),
    matches: (v, a) => isSmallNonZero(a, lasso1d(v.x, v.y, v.lambda, v.convention).slope, ols1d(v.x, v.y).slope),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const { Sxx, Sxy } = stats(v)
  const c = v.convention
  const ridge = ridge1d(v.x, v.y, v.lambda)
  const lasso = lasso1d(v.x, v.y, v.lambda, c)
  const t = lassoThreshold(v.lambda, c)
  const lamStar = lassoLambdaStar1d(v.x, v.y, c)
  const steps = centeredSumsSteps(v.x, v.y)
  steps.push(
    {
      title: 'Ridge: the penalty divides',
      body:
        `$$m_{\\text{ridge}} = \\frac{S_{xy}}{S_{xx} + \\lambda} = \\frac{${texFrac(Sxy)}}{${texFrac(Sxx)} + ${v.lambda}} ${texEq(ridge.slope, 5000)}.$$` +
        'A finite $\\lambda$ only makes the denominator larger, so the ridge slope shrinks but is never exactly 0.',
    },
    {
      title: 'Lasso: the penalty subtracts, then clamps',
      body:
        `The threshold is $t = ${c === 'lambda' ? `\\lambda/2 = ${texFrac(t)}` : `\\lambda = ${v.lambda}`}$ and $|S_{xy}| = ${texFrac(Math.abs(Sxy))}$:` +
        `$$m_{\\text{lasso}} = \\frac{\\operatorname{sign}(S_{xy})\\max(|S_{xy}| - t,\\ 0)}{S_{xx}} ${texEq(lasso.slope, 5000)}.$$` +
        (lasso.slope === 0
          ? `Since $|S_{xy}| \\le t$, i.e. $\\lambda = ${v.lambda} \\ge \\lambda^* = ${texFrac(lamStar)}$, the lasso slope is exactly 0.`
          : `Since $|S_{xy}| > t$, i.e. $\\lambda = ${v.lambda} < \\lambda^* = ${texFrac(lamStar)}$, the lasso slope is shrunk but not 0.`),
    },
    {
      title: 'Which is exactly zero',
      body: `${OPTION_LABELS[zeroKey(ridge.slope, lasso.slope)]}.`,
      figure: dataWithLines({
        x: v.x,
        y: v.y,
        lines: [
          { ...ols1d(v.x, v.y), label: 'OLS' },
          { ...ridge, label: `ridge, λ = ${v.lambda}` },
          { ...lasso, label: `lasso, λ = ${v.lambda}` },
        ],
        title: 'OLS, ridge and lasso lines for these data',
      }),
    },
    {
      title: 'The slopes as $\\lambda$ grows',
      body: 'The lasso slope falls in a straight line and stays at 0 from $\\lambda^*$ on; the ridge slope only approaches 0.',
      figure: slopeVsLambda({
        lambdaMax: 1.4 * Math.max(lamStar, v.lambda),
        lasso: (lam) => lasso1d(v.x, v.y, lam, c).slope,
        ridge: (lam) => ridge1d(v.x, v.y, lam).slope,
        lambdaStar: lamStar,
        studentLambda: v.lambda,
        studentLabel: 'this λ',
      }),
    },
  )
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'ridge-vs-lasso',
  version: 2,
  topic: 'concepts',
  title: 'Ridge or lasso: which slope is exactly zero?',
  description: 'One feature, the same λ for ridge and lasso: decide which slope is exactly 0, and compute both slopes.',
  params,
  generate,
  dataSlot: ONE_FEATURE_SLOT,
  intro,
  parts,
  solve,
  mistakes,
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

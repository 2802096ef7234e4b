/**
 * The lasso slope on one feature for a given λ, in a chosen regime (m > 0, m < 0 or m = 0).
 *
 * Loss Σ(y_i − m·x_i − b)² + λ|m| (convention 'lambda', threshold λ/2) or Σ(…)² + 2λ|m| (convention
 * 'two-lambda', threshold λ), intercept not penalized: m = sign(S_xy)·max(|S_xy| − t, 0)/S_xx.
 * Small integer data and integer λ, so the derivation shows exact fractions.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { type Convention, lasso1d, lassoLambdaStar1d, lassoThreshold, ols1d, ridge1d, summarize1d } from '@/lib/solver'
import { slopeVsLambda } from '../figures'
import { texFrac, texNum, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, drawLambdaBeside, isSmallNonZero, mistakesDistinguishable, texChain, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    /** Which loss the question states; 'random' picks one per variant. */
    convention: z.enum(['lambda', 'two-lambda', 'random']).default('random'),
    /** The sign of the answer: 'positive' (m > 0), 'negative' (m < 0), 'zero' (m = 0), or 'random'. */
    regime: z.enum(['positive', 'negative', 'zero', 'random']).default('random'),
  })
  .superRefine(checkDataRanges)

export type Params = z.infer<typeof params>
export type Regime = 'positive' | 'negative' | 'zero'

export interface Variant {
  x: number[]
  y: number[]
  convention: Convention
  regime: Regime
  /** An integer penalty. */
  lambda: number
}

const PART = 'm'
const other = (c: Convention): Convention => (c === 'lambda' ? 'two-lambda' : 'lambda')
const penaltyTex = (c: Convention) => (c === 'lambda' ? '\\lambda|m|' : '2\\lambda|m|')
const thresholdTex = (c: Convention) => (c === 'lambda' ? '\\lambda/2' : '\\lambda')

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function pickRegime(rng: Rng): Regime {
  const u = rng.float()
  return u < 0.2 ? 'zero' : u < 0.6 ? 'positive' : 'negative'
}

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const convention: Convention = p.convention === 'random' ? rng.pick(['lambda', 'two-lambda'] as const) : p.convention
  // Random regime: m = 0 in one variant of five, so answering 0 is not a strategy (it was right in a third).
  const picked: Regime = p.regime === 'random' ? pickRegime(rng) : p.regime
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    if (!(Sxx > 0) || Sxy === 0) continue
    let regime = picked
    let yy = y
    if (data) {
      // An instructor's data are never reflected: a random nonzero regime takes the sign the data have, and
      // an asked-for sign needs a subsample with that sign.
      if (p.regime === 'random' && regime !== 'zero') regime = Sxy < 0 ? 'negative' : 'positive'
      if ((regime === 'negative' && Sxy > 0) || (regime === 'positive' && Sxy < 0)) continue
    } else {
      // Reflecting y within its range flips the sign of S_xy, so either sign is reachable from any draw.
      const wantNegative = regime === 'negative' || (regime === 'zero' && rng.chance(0.5))
      if (wantNegative !== Sxy < 0) yy = y.map((yi) => p.yMin + p.yMax - yi)
    }
    const lamStar = lassoLambdaStar1d(x, yy, convention)
    const lambda = drawLambdaBeside(rng, lamStar, regime === 'zero' ? 'zero' : 'nonzero', { includeThreshold: false, upperFactor: 2 })
    if (lambda === undefined) continue
    const v: Variant = { x, y: yy, convention, regime, lambda }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(), v)) continue
    return v
  }
  throw new Error(`lasso-1d-slope: could not draw data for the ${picked} regime in the given ranges`)
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by the lasso, which minimizes` +
      `$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + ${penaltyTex(v.convention)}$$` +
      `with $\\lambda = ${v.lambda}$. The intercept $b$ is not penalized.`,
    table: dataTable(v.x, v.y),
  }
}

function parts(): PartSpec[] {
  return [
    {
      id: PART,
      prompt: 'The lasso slope $m$. If the slope is exactly zero, answer 0.',
      answer: { type: 'number' },
      points: 1,
      label: '$m =$',
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function solve(v: Variant): Record<string, number> {
  return { [PART]: lasso1d(v.x, v.y, v.lambda, v.convention).slope }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)
const t = (v: Variant) => lassoThreshold(v.lambda, v.convention)
const wrong = (v: Variant, value: number | undefined) => unlessCorrect(value, solve(v)[PART])

const mistakes: Misconception<Variant>[] = [
  {
    id: 'other-convention',
    part: PART,
    label: 'Used the other penalty convention',
    description:
      'With the penalty $\\lambda|m|$ the threshold is $\\lambda/2$; with $2\\lambda|m|$ it is $\\lambda$. Read which penalty the loss in this question uses.',
    value: (v) => wrong(v, lasso1d(v.x, v.y, v.lambda, other(v.convention)).slope),
  },
  {
    id: 'ridge-formula',
    part: PART,
    label: 'Used the ridge formula',
    description: '$S_{xy}/(S_{xx} + \\lambda)$ minimizes the ridge loss with $\\lambda m^2$. The lasso penalty subtracts a constant from $|S_{xy}|$ instead (soft thresholding).',
    value: (v) => wrong(v, ridge1d(v.x, v.y, v.lambda).slope),
  },
  {
    id: 'ols-slope',
    part: PART,
    label: 'Forgot the penalty (OLS slope)',
    description: '$S_{xy}/S_{xx}$ is the slope at $\\lambda = 0$; the penalty shrinks $|S_{xy}|$ by the threshold before dividing by $S_{xx}$.',
    value: (v) => wrong(v, ols1d(v.x, v.y).slope),
  },
  {
    id: 'threshold-sign',
    part: PART,
    label: 'Sign error in soft thresholding',
    description:
      'The penalty pulls the slope toward 0, so the threshold is subtracted from $|S_{xy}|$: $\\operatorname{sign}(S_{xy})(|S_{xy}| - t)/S_{xx}$, never $(|S_{xy}| + t)$.',
    value: (v) => wrong(v, (Math.sign(stats(v).Sxy) * (Math.abs(stats(v).Sxy) + t(v))) / stats(v).Sxx),
  },
  {
    id: 'no-clamp',
    part: PART,
    natural: true,
    label: 'Forgot the clamp $\\max(\\cdot, 0)$',
    description:
      'When $|S_{xy}|$ is below the threshold, $S_{xy} - \\operatorname{sign}(S_{xy})\\,t$ has the opposite sign of $S_{xy}$; that formula assumed the sign of $m$, and the assumption fails. The slope is then exactly 0 and stays there.',
    value: (v) => {
      const { Sxx, Sxy } = stats(v)
      return Math.abs(Sxy) < t(v) ? wrong(v, (Sxy - Math.sign(Sxy) * t(v)) / Sxx) : undefined
    },
  },
  {
    id: 'dropped-sign',
    part: PART,
    label: 'Dropped the sign of $S_{xy}$',
    description: 'Soft thresholding shrinks the size $|S_{xy}|$ and then restores the sign: a negative $S_{xy}$ gives a negative slope.',
    value: (v) => {
      const { Sxx, Sxy } = stats(v)
      return Sxy < 0 ? wrong(v, Math.max(Math.abs(Sxy) - t(v), 0) / Sxx) : undefined
    },
  },
  {
    id: 'answered-zero',
    part: PART,
    natural: true,
    label: 'Answered 0 although $|S_{xy}|$ is above the threshold',
    description:
      'The lasso slope is exactly 0 only when $|S_{xy}|$ is at most the threshold. Here $|S_{xy}|$ is larger, so the penalty shrinks the slope by the threshold but does not zero it.',
    value: (v) => (solve(v)[PART] !== 0 ? 0 : undefined),
  },
  {
    id: 'sign-flipped',
    part: PART,
    natural: true,
    label: 'Wrong sign of the slope',
    description: 'Soft thresholding never changes the sign: a nonzero lasso slope has the sign of $S_{xy}$, like the OLS slope.',
    // Where S_xy < 0 the positive value is the dropped sign, named on its own.
    value: (v) => (stats(v).Sxy > 0 ? wrong(v, -solve(v)[PART]) : undefined),
  },
  {
    id: 'divided-by-n',
    part: PART,
    label: 'Used an average instead of a sum',
    description:
      'The loss is a sum of squares, not a mean: the threshold is compared with $S_{xy}$ itself. Dividing $S_{xy}$ and $S_{xx}$ by $n$ (covariance and variance) but not the threshold changes the answer.',
    value: (v) => {
      const { Sxx, Sxy, n } = stats(v)
      return wrong(v, (Math.sign(Sxy) * Math.max(Math.abs(Sxy) / n - t(v), 0)) / (Sxx / n))
    },
  },
  {
    id: 'small-not-zero',
    part: PART,
    natural: true,
    label: 'Gave a small number instead of exactly 0',
    description:
      'Since $|S_{xy}|$ is at most the threshold, the lasso slope is exactly 0, not close to it: the penalty’s constant pull $\\lambda\\operatorname{sign}(m)$ does not fade as $m$ shrinks, unlike ridge’s $2\\lambda m$.',
    value: (v) => (solve(v)[PART] === 0 ? 0.01 * Math.sign(stats(v).Sxy) : undefined),
    matches: (v, a) => isSmallNonZero(a, solve(v)[PART], stats(v).Sxy / stats(v).Sxx),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const { Sxx, Sxy } = stats(v)
  const c = v.convention
  const m = solve(v)[PART]
  const thr = t(v)
  const lamStar = lassoLambdaStar1d(v.x, v.y, c)
  const steps = centeredSumsSteps(v.x, v.y)
  steps.push({
    title: 'Soft thresholding',
    body:
      'With $b = \\bar y - m\\bar x$ (the intercept is not penalized) the loss depends on $m$ only:' +
      `$$L(m) = S_{yy} - 2mS_{xy} + m^2 S_{xx} + ${penaltyTex(c)}.$$` +
      `For $m \\ne 0$ its derivative is $2mS_{xx} - 2S_{xy} + ${c === 'lambda' ? '\\lambda' : '2\\lambda'}\\,\\operatorname{sign}(m)$; ` +
      'setting it to 0, and allowing $m = 0$ where the derivative jumps, gives' +
      `$$m = \\frac{\\operatorname{sign}(S_{xy})\\,\\max\\left(|S_{xy}| - ${thresholdTex(c)},\\ 0\\right)}{S_{xx}}.$$`,
  })
  const abs = texFrac(Math.abs(Sxy))
  const thrTex = c === 'lambda' ? `\\frac{${v.lambda}}{2}` : `${v.lambda}`
  let body = `Here the threshold is $${texChain(thresholdTex(c), ...(c === 'lambda' ? [thrTex] : []), texFrac(thr))}$ and $|S_{xy}| = ${abs}$. `
  if (m === 0) {
    body +=
      `Since $|S_{xy}| = ${abs} \\le ${texFrac(thr)}$, the penalty wins: $$m = 0.$$` +
      `(The slope is 0 for every $\\lambda \\ge \\lambda^* = ${c === 'lambda' ? '2' : ''}|S_{xy}| = ${texFrac(lamStar)}$; it does not turn ${Sxy > 0 ? 'negative' : 'positive'}.)`
  } else {
    const sign = Sxy < 0 ? '-' : ''
    body +=
      `Since $|S_{xy}| > ${texFrac(thr)}$, the slope keeps the sign of $S_{xy}$ (${Sxy > 0 ? 'positive' : 'negative'}):` +
      `$$m = \\frac{${sign}\\left(${abs} - ${texFrac(thr)}\\right)}{${texFrac(Sxx)}} ${texEq(m, 5000)}.$$`
  }
  steps.push({ title: `The slope at $\\lambda = ${v.lambda}$`, body })
  steps.push({
    title: 'The slope as $\\lambda$ grows',
    body: `From the OLS slope $${texNum(Sxy / Sxx)}$ at $\\lambda = 0$ the lasso slope moves in a straight line to exactly 0 at $\\lambda^* = ${texFrac(lamStar)}$; ridge only approaches 0.`,
    figure: slopeVsLambda({
      lambdaMax: 1.4 * Math.max(lamStar, v.lambda),
      lasso: (lam) => lasso1d(v.x, v.y, lam, c).slope,
      ridge: (lam) => ridge1d(v.x, v.y, lam).slope,
      lambdaStar: lamStar,
      studentLambda: v.lambda,
      studentLabel: 'this λ',
      title: `Slope m(λ) for these data, loss with ${c === 'lambda' ? 'λ|m|' : '2λ|m|'}`,
    }),
  })
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'lasso-1d-slope',
  version: 2,
  topic: 'lasso',
  title: 'The lasso slope by soft thresholding',
  description:
    'One feature, small integer data: the lasso slope for a given λ in the λ|m| or 2λ|m| convention, positive, negative or exactly zero.',
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

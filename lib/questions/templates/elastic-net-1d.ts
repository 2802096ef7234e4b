/**
 * The elastic net on one feature: the lasso and ridge penalties together.
 *
 * Loss Σ(y_i − m·x_i − b)² + λ₁|m| + λ₂m², intercept not penalized: m = S(S_xy, λ₁/2)/(S_xx + λ₂), with S the
 * soft-thresholding operator. λ₂ = 0 is the lasso, λ₁ = 0 is ridge: the lasso part decides whether m is exactly 0
 * (|S_xy| ≤ λ₁/2, whatever λ₂), the ridge part only divides. Regimes: 'zeroed' (the lasso part zeroes m),
 * 'shrunk' (both parts shrink a nonzero m), 'ridge' (λ₁ = 0: only the ridge part shrinks).
 * Small integer data and integer penalties, so the derivation shows exact fractions.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { elasticNet1d, lasso1d, lassoLambdaStar1d, ridge1d, summarize1d } from '@/lib/solver'
import { coefficientPaths } from '../figures/coefficientPaths'
import { fmt, texFrac, texFracApprox, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, drawLambdaBeside, isSmallNonZero, mistakesDistinguishable, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    /** 'zeroed': λ₁ ≥ 2|S_xy| (m = 0); 'shrunk': 0 < λ₁ < 2|S_xy| (m ≠ 0); 'ridge': λ₁ = 0; 'random' picks one. */
    regime: z.enum(['zeroed', 'shrunk', 'ridge', 'random']).default('random'),
    lambda2Min: z.number().int().min(1).max(1000).default(1),
    lambda2Max: z.number().int().min(1).max(1000).default(20),
  })
  .superRefine(checkDataRanges)
  .refine((p) => p.lambda2Min <= p.lambda2Max, { message: 'lambda2Min must be at most lambda2Max', path: ['lambda2Min'] })

export type Params = z.infer<typeof params>
export type Regime = 'zeroed' | 'shrunk' | 'ridge'

export interface Variant {
  x: number[]
  y: number[]
  regime: Regime
  lambda1: number
  lambda2: number
}

const P = { m: 'm', lambda1Star: 'lambda1Star' } as const

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const regime: Regime = p.regime === 'random' ? rng.pick(['zeroed', 'shrunk', 'ridge'] as const) : p.regime
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    if (!(Sxx > 0) || Sxy === 0) continue
    const lamStar = lassoLambdaStar1d(x, y)
    const lambda1 = regime === 'ridge' ? 0 : drawLambdaBeside(rng, lamStar, regime === 'zeroed' ? 'zero' : 'nonzero', { includeThreshold: false, upperFactor: 1.6 })
    if (lambda1 === undefined) continue
    const v: Variant = { x, y, regime, lambda1, lambda2: rng.int(p.lambda2Min, p.lambda2Max) }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error(`elastic-net-1d: could not draw data for the ${regime} regime in the given ranges`)
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by the elastic net, which minimizes` +
      '$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + \\lambda_1 |m| + \\lambda_2 m^2$$' +
      `with $\\lambda_1 = ${v.lambda1}$ and $\\lambda_2 = ${v.lambda2}$. The intercept $b$ is not penalized.`,
    table: dataTable(v.x, v.y),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    { id: P.m, prompt: 'The elastic-net slope $m$ (if it is exactly zero, answer 0).', answer: { type: 'number' }, points: 2, label: '$m =$' },
    {
      id: P.lambda1Star,
      prompt: `Keeping $\\lambda_2 = ${v.lambda2}$, the smallest $\\lambda_1$ for which the slope is exactly 0.`,
      answer: { type: 'number', min: 0, domainReason: 'λ₁* is a penalty, never negative' },
      points: 1,
      label: '$\\lambda_1^* =$',
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
/** The λ₁ threshold 2|S_xy| (the same as the lasso's: the ridge part never zeroes). */
const threshold = (v: Variant) => lassoLambdaStar1d(v.x, v.y)

function solve(v: Variant): Record<string, number> {
  return { [P.m]: elasticNet1d(v.x, v.y, v.lambda1, v.lambda2).slope, [P.lambda1Star]: threshold(v) }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((acc, t, i) => acc + t * b[i], 0)
const slopeMistake = (v: Variant, value: number) => unlessCorrect(value, elasticNet1d(v.x, v.y, v.lambda1, v.lambda2).slope)
const starMistake = (v: Variant, value: number) => unlessCorrect(value, threshold(v))
/** sign(z)·max(|z| − t, 0): the soft threshold, written out for the mistakes' values. */
const soft = (z: number, t: number) => Math.sign(z) * Math.max(Math.abs(z) - t, 0)

const mistakes: Misconception<Variant>[] = [
  {
    id: 'forgot-ridge',
    part: P.m,
    label: 'Left out the ridge part (lasso slope)',
    description: 'The term $\\lambda_2 m^2$ adds $2\\lambda_2 m$ to the derivative, so $\\lambda_2$ joins $S_{xx}$ in the denominator: $m = S(S_{xy}, \\lambda_1/2)/(S_{xx} + \\lambda_2)$.',
    value: (v) => slopeMistake(v, lasso1d(v.x, v.y, v.lambda1).slope),
  },
  {
    id: 'forgot-lasso',
    part: P.m,
    label: 'Left out the lasso part (ridge slope)',
    description: 'The term $\\lambda_1|m|$ moves $S_{xy}$ toward 0 by $\\lambda_1/2$ before dividing, and sets $m = 0$ when $|S_{xy}| \\le \\lambda_1/2$.',
    value: (v) => slopeMistake(v, ridge1d(v.x, v.y, v.lambda2).slope),
  },
  {
    id: 'full-threshold',
    part: P.m,
    label: 'Thresholded by $\\lambda_1$ instead of $\\lambda_1/2$',
    description: 'The derivative of the squared error is $-2S_{xy} + 2mS_{xx}$; dividing the stationarity equation by 2 leaves $\\lambda_1/2$ as the threshold.',
    value: (v) => slopeMistake(v, soft(stats(v).Sxy, v.lambda1) / (stats(v).Sxx + v.lambda2)),
  },
  {
    id: 'half-ridge',
    part: P.m,
    label: 'Used $\\lambda_2/2$ in the denominator',
    description: 'Dividing $-2S_{xy} + 2m(S_{xx} + \\lambda_2) + \\lambda_1\\operatorname{sign}(m) = 0$ by 2 keeps $\\lambda_2$ whole: the denominator is $S_{xx} + \\lambda_2$.',
    value: (v) => slopeMistake(v, soft(stats(v).Sxy, v.lambda1 / 2) / (stats(v).Sxx + v.lambda2 / 2)),
  },
  {
    id: 'not-clipped',
    part: P.m,
    natural: true,
    label: 'Did not stop at zero',
    description:
      'When $|S_{xy}| \\le \\lambda_1/2$ the assumed sign of $m$ is contradicted, and the only consistent case is $m = 0$: the soft threshold is $\\max(|S_{xy}| - \\lambda_1/2, 0)$, never negative.',
    value: (v) => {
      const { Sxx, Sxy } = stats(v)
      return slopeMistake(v, (Math.sign(Sxy) * (Math.abs(Sxy) - v.lambda1 / 2)) / (Sxx + v.lambda2))
    },
  },
  {
    id: 'uncentered',
    part: P.m,
    label: 'Did not center the data',
    description: 'With a fitted, unpenalized intercept the formula uses the centered sums $S_{xx}$ and $S_{xy}$, not $\\sum x_i^2$ and $\\sum x_iy_i$.',
    value: (v) => slopeMistake(v, soft(dot(v.x, v.y), v.lambda1 / 2) / (dot(v.x, v.x) + v.lambda2)),
  },
  {
    id: 'slope-sign',
    part: P.m,
    natural: true,
    label: 'Wrong sign of the slope',
    description: 'Both penalties pull the slope toward 0 and neither pushes it past 0: a nonzero elastic-net slope has the sign of $S_{xy}$.',
    value: (v) => slopeMistake(v, -elasticNet1d(v.x, v.y, v.lambda1, v.lambda2).slope),
  },
  {
    id: 'small-not-zero',
    part: P.m,
    natural: true,
    label: 'Gave a small number instead of exactly 0',
    description:
      'Since $|S_{xy}| \\le \\lambda_1/2$, the elastic-net slope is exactly 0, not close to it: the lasso part’s constant pull $\\lambda_1\\operatorname{sign}(m)$ does not fade as $m$ shrinks, unlike the ridge part’s $2\\lambda_2 m$.',
    value: (v) => (elasticNet1d(v.x, v.y, v.lambda1, v.lambda2).slope === 0 ? 0.01 * Math.sign(stats(v).Sxy) : undefined),
    matches: (v, a) => isSmallNonZero(a, elasticNet1d(v.x, v.y, v.lambda1, v.lambda2).slope, stats(v).Sxy / stats(v).Sxx),
  },
  {
    id: 'star-missing-2',
    part: P.lambda1Star,
    label: 'Took $\\lambda_1^* = |S_{xy}|$',
    description: 'The slope is zero when $|S_{xy}| \\le \\lambda_1/2$, that is $\\lambda_1 \\ge 2|S_{xy}|$.',
    value: (v) => starMistake(v, Math.abs(stats(v).Sxy)),
  },
  {
    id: 'star-moved-by-ridge',
    part: P.lambda1Star,
    label: 'Let the ridge part move the threshold',
    description:
      'The ridge part divides by $S_{xx} + \\lambda_2$ but does not change when the numerator $\\max(|S_{xy}| - \\lambda_1/2, 0)$ is 0: $\\lambda_1^* = 2|S_{xy}|$ whatever $\\lambda_2$.',
    value: (v) => starMistake(v, (2 * Math.abs(stats(v).Sxy) * (stats(v).Sxx + v.lambda2)) / stats(v).Sxx),
  },
  {
    id: 'star-from-slope',
    part: P.lambda1Star,
    label: 'Took $\\lambda_1^* = 2|m_{\\text{ridge}}|$',
    description: 'The threshold compares $\\lambda_1/2$ with $|S_{xy}|$ (the unshrunk numerator), not with the ridge slope $S_{xy}/(S_{xx} + \\lambda_2)$.',
    value: (v) => starMistake(v, 2 * Math.abs(ridge1d(v.x, v.y, v.lambda2).slope)),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const { Sxx, Sxy } = stats(v)
  const steps = centeredSumsSteps(v.x, v.y)
  const t = v.lambda1 / 2
  steps.push({
    title: 'The loss in $m$ alone',
    body:
      'With $b = \\bar y - m\\bar x$ (the intercept is not penalized) the loss depends on $m$ only:' +
      '$$L(m) = S_{yy} - 2mS_{xy} + m^2(S_{xx} + \\lambda_2) + \\lambda_1|m|.$$' +
      'For $m \\ne 0$ its derivative is $-2S_{xy} + 2m(S_{xx} + \\lambda_2) + \\lambda_1\\operatorname{sign}(m)$. The three cases:' +
      '$$m > 0:\\ m = \\frac{S_{xy} - \\lambda_1/2}{S_{xx} + \\lambda_2}, \\qquad m < 0:\\ m = \\frac{S_{xy} + \\lambda_1/2}{S_{xx} + \\lambda_2}, \\qquad m = 0 \\text{ when } |S_{xy}| \\le \\lambda_1/2.$$' +
      'Together: $m = S(S_{xy}, \\lambda_1/2)/(S_{xx} + \\lambda_2)$, the lasso numerator over the ridge denominator.',
  })
  const m = elasticNet1d(v.x, v.y, v.lambda1, v.lambda2).slope
  const numer = Math.sign(Sxy) * Math.max(Math.abs(Sxy) - t, 0)
  const caseText =
    v.regime === 'ridge'
      ? `With $\\lambda_1 = 0$ there is no threshold: the elastic net is ridge, $m = S_{xy}/(S_{xx} + \\lambda_2)$.`
      : Math.abs(Sxy) <= t
        ? `Here $|S_{xy}| = ${texFrac(Math.abs(Sxy))} \\le \\lambda_1/2 = ${texFrac(t)}$: assuming $m > 0$ or $m < 0$ gives a slope of the wrong sign, so $m = 0$, however small $\\lambda_2$ is.`
        : `Here $|S_{xy}| = ${texFrac(Math.abs(Sxy))} > \\lambda_1/2 = ${texFrac(t)}$, so $m$ has the sign of $S_{xy}$ and the case $m ${Sxy > 0 ? '>' : '<'} 0$ is consistent.`
  steps.push({
    title: 'The slope for these penalties',
    body:
      `${caseText}` +
      `$$m = \\frac{${texFrac(numer)}}{${texFrac(Sxx)} + ${v.lambda2}} ${texEq(m, 20000)}.$$` +
      (m !== 0
        ? `Compare: the lasso alone gives $${texFracApprox(lasso1d(v.x, v.y, v.lambda1).slope, 20000)}$, ridge alone $${texFracApprox(ridge1d(v.x, v.y, v.lambda2).slope, 20000)}$; the elastic net shrinks by both.`
        : `Ridge alone would give $${texFracApprox(ridge1d(v.x, v.y, v.lambda2).slope, 20000)}$: only the lasso part can make a slope exactly 0.`),
  })
  const star = threshold(v)
  steps.push({
    title: 'The $\\lambda_1$ that zeroes the slope',
    body: `The numerator $\\max(|S_{xy}| - \\lambda_1/2, 0)$ is 0 from $\\lambda_1 = 2|S_{xy}| = ${texFrac(star)}$ on; the denominator $S_{xx} + \\lambda_2 > 0$ never zeroes anything, so $\\lambda_1^* = ${texFrac(star)}$ for every $\\lambda_2$.`,
  })
  const lamMax = Math.max(1.4 * star, 1.2 * v.lambda1, 1)
  steps.push({
    title: 'The slope as $\\lambda_1$ grows',
    body: `With $\\lambda_2 = ${v.lambda2}$ the elastic-net slope starts lower (at the ridge slope) than the lasso slope and reaches 0 at the same $\\lambda_1^* = ${texFrac(star)}$.`,
    figure: coefficientPaths({
      lambdaMax: lamMax,
      paths: [
        { label: `elastic net, λ₂ = ${v.lambda2}`, coef: (l) => elasticNet1d(v.x, v.y, l, v.lambda2).slope },
        { label: 'lasso (λ₂ = 0)', coef: (l) => lasso1d(v.x, v.y, l).slope },
      ],
      breakpoints: [star],
      title: 'Slope m against λ₁, with and without the ridge part',
      alt:
        `The slope against λ₁ from 0 to ${fmt(lamMax)}. The lasso slope falls in a straight line from the OLS slope ${fmt(lasso1d(v.x, v.y, 0).slope)}; ` +
        `the elastic-net slope with λ₂ = ${v.lambda2} starts at the ridge slope ${fmt(ridge1d(v.x, v.y, v.lambda2).slope)} and falls less steeply. Both reach exactly 0 at λ₁ = ${fmt(star)} and stay there.`,
    }),
  })
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'elastic-net-1d',
  version: 1,
  topic: 'lasso',
  title: 'The elastic net on one feature: lasso zero, ridge shrinkage',
  description:
    'One feature, small integer data: the elastic-net slope S(S_xy, λ₁/2)/(S_xx + λ₂), with regimes where the lasso part zeroes it and where only ridge shrinks it, and the λ₁ that zeroes it.',
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

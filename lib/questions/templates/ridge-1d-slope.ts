/**
 * The ridge slope on one feature, and the λ that shrinks it to a given fraction of the OLS slope.
 *
 * Loss Σ(y_i − m·x_i − b)² + λm², intercept not penalized: m(λ) = S_xy/(S_xx + λ). The slope is a fraction
 * f of the OLS slope S_xy/S_xx when S_xx/(S_xx + λ) = f, that is λ = S_xx(1/f − 1) (λ = S_xx halves it).
 * Small integer data and integer λ, so the derivation shows exact fractions.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { lasso1d, ols1d, ridge1d, ridgeLambdaForShrinkage1d, summarize1d } from '@/lib/solver'
import { slopeVsLambda } from '../figures'
import { texFrac, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, mistakesDistinguishable, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    lambdaMin: z.number().int().min(1).max(1000).default(1),
    lambdaMax: z.number().int().min(1).max(1000).default(30),
    /** The fractions f of the OLS slope the shrink part may ask for; one is picked per variant. */
    fractions: z.array(z.number().gt(0).lt(1)).min(1).max(20).default([1 / 2, 1 / 3, 2 / 3, 1 / 4, 3 / 4, 1 / 5]),
  })
  .superRefine(checkDataRanges)
  .refine((p) => p.lambdaMin <= p.lambdaMax, { message: 'lambdaMin must be at most lambdaMax', path: ['lambdaMin'] })

export type Params = z.infer<typeof params>

export interface Variant {
  x: number[]
  y: number[]
  lambda: number
  fraction: number
}

const P = { m: 'm', lambdaF: 'lambdaF' } as const

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    // S_xx > 0: the OLS slope exists; S_xy ≠ 0: there is a slope to shrink.
    if (!(Sxx > 0) || Sxy === 0) continue
    const v: Variant = { x, y, lambda: rng.int(p.lambdaMin, p.lambdaMax), fraction: rng.pick(p.fractions) }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error('ridge-1d-slope: could not draw data with S_xx > 0 and S_xy ≠ 0 in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by ridge regression, which minimizes` +
      '$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + \\lambda m^2.$$' +
      'The intercept $b$ is not penalized.',
    table: dataTable(v.x, v.y),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    { id: P.m, prompt: `The ridge slope $m$ for $\\lambda = ${v.lambda}$.`, answer: { type: 'number' }, points: 1, label: '$m =$' },
    {
      id: P.lambdaF,
      prompt: `The penalty $\\lambda$ for which the ridge slope is exactly $${texFrac(v.fraction)}$ of the OLS slope (the slope at $\\lambda = 0$).`,
      answer: { type: 'number' },
      points: 1,
      label: '$\\lambda =$',
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
/** λ with S_xx/(S_xx + λ) = f, that is λ = S_xx(1/f − 1): lib/solver's ridgeLambdaForShrinkage1d. */
function shrinkLambda(v: Variant): number {
  return ridgeLambdaForShrinkage1d(v.x, v.y, v.fraction)
}

function solve(v: Variant): Record<string, number> {
  return { [P.m]: ridge1d(v.x, v.y, v.lambda).slope, [P.lambdaF]: shrinkLambda(v) }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((acc, t, i) => acc + t * b[i], 0)
const slopeMistake = (v: Variant, value: number) => unlessCorrect(value, ridge1d(v.x, v.y, v.lambda).slope)
const shrinkMistake = (v: Variant, value: number) => unlessCorrect(value, shrinkLambda(v))

/** The slope when the intercept is penalized too: minimizes Σ(y − mx − b)² + λ(m² + b²) (2×2 normal equations). */
function penalizedInterceptSlope(v: Variant): number {
  const n = v.x.length
  const sx = v.x.reduce((a, b) => a + b, 0)
  const sy = v.y.reduce((a, b) => a + b, 0)
  const a11 = dot(v.x, v.x) + v.lambda
  const a22 = n + v.lambda
  return (dot(v.x, v.y) * a22 - sx * sy) / (a11 * a22 - sx * sx)
}

const mistakes: Misconception<Variant>[] = [
  {
    id: 'lasso-formula',
    part: P.m,
    label: 'Used the lasso formula',
    description:
      'Soft thresholding, $\\operatorname{sign}(S_{xy})\\max(|S_{xy}| - \\lambda/2, 0)/S_{xx}$, minimizes the lasso loss with $\\lambda|m|$. The ridge penalty $\\lambda m^2$ adds $\\lambda$ to the denominator: $m = S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => slopeMistake(v, lasso1d(v.x, v.y, v.lambda).slope),
  },
  {
    id: 'ols-slope',
    part: P.m,
    label: 'Forgot the penalty (OLS slope)',
    description: '$S_{xy}/S_{xx}$ is the slope at $\\lambda = 0$. The penalty $\\lambda m^2$ contributes $2\\lambda m$ to the derivative, hence $S_{xx} + \\lambda$ in the denominator.',
    value: (v) => slopeMistake(v, ols1d(v.x, v.y).slope),
  },
  {
    id: 'lambda-in-numerator',
    part: P.m,
    label: 'Added $\\lambda$ to the numerator',
    description: 'The derivative of $\\lambda m^2$ is $2\\lambda m$, proportional to $m$, so $\\lambda$ joins $S_{xx}$ (the coefficient of $m$) in the denominator: $m = S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => slopeMistake(v, (stats(v).Sxy + v.lambda) / stats(v).Sxx),
  },
  {
    id: 'half-lambda',
    part: P.m,
    label: 'Used $\\lambda/2$',
    description: 'Setting the derivative $-2S_{xy} + 2mS_{xx} + 2\\lambda m$ to zero and dividing by 2 leaves $\\lambda$, not $\\lambda/2$: $m = S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => slopeMistake(v, stats(v).Sxy / (stats(v).Sxx + v.lambda / 2)),
  },
  {
    id: 'double-lambda',
    part: P.m,
    label: 'Added $2\\lambda$ instead of $\\lambda$',
    description:
      'The penalty’s derivative $2\\lambda m$ and the squared error’s $2mS_{xx} - 2S_{xy}$ share the factor 2: dividing it out leaves $m = S_{xy}/(S_{xx} + \\lambda)$, not $S_{xy}/(S_{xx} + 2\\lambda)$.',
    value: (v) => slopeMistake(v, stats(v).Sxy / (stats(v).Sxx + 2 * v.lambda)),
  },
  {
    id: 'ols-over-1-plus-lambda',
    part: P.m,
    label: 'Divided the OLS slope by $1 + \\lambda$',
    description:
      '$m_{\\text{OLS}}/(1 + \\lambda)$ is the ridge slope only when $S_{xx} = 1$ (standardized $x$). In general $m = S_{xy}/(S_{xx} + \\lambda) = m_{\\text{OLS}} \\cdot S_{xx}/(S_{xx} + \\lambda)$.',
    value: (v) => slopeMistake(v, ols1d(v.x, v.y).slope / (1 + v.lambda)),
  },
  {
    id: 'slope-sign',
    part: P.m,
    natural: true,
    label: 'Wrong sign of the slope',
    description: 'Ridge shrinks the slope toward 0 but never past it: $S_{xx} + \\lambda > 0$, so the ridge slope has the sign of $S_{xy}$.',
    value: (v) => slopeMistake(v, -ridge1d(v.x, v.y, v.lambda).slope),
  },
  {
    id: 'ridge-zero',
    part: P.m,
    natural: true,
    label: 'Answered 0, as if ridge zeroed the slope',
    description: 'Ridge divides by $S_{xx} + \\lambda$: the slope gets smaller as $\\lambda$ grows but is never exactly 0 for a finite $\\lambda$ (only the lasso gives exact zeros).',
    value: () => 0,
  },
  {
    id: 'uncentered',
    part: P.m,
    label: 'Did not center the data',
    description: 'With a fitted, unpenalized intercept the slope uses centered sums: $S_{xy}/(S_{xx} + \\lambda)$, not $\\sum x_iy_i/(\\sum x_i^2 + \\lambda)$.',
    value: (v) => slopeMistake(v, dot(v.x, v.y) / (dot(v.x, v.x) + v.lambda)),
  },
  {
    id: 'penalized-intercept',
    part: P.m,
    label: 'Penalized the intercept too',
    description: 'The penalty is $\\lambda m^2$ only; the intercept is not penalized, so $b = \\bar y - m\\bar x$ exactly and $m = S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => slopeMistake(v, penalizedInterceptSlope(v)),
  },
  {
    id: 'shrink-by-fraction',
    part: P.lambdaF,
    label: 'Shrank the slope by the fraction instead of to it',
    description: 'The slope should become $f$ times the OLS slope: $S_{xx}/(S_{xx} + \\lambda) = f$. Solving $S_{xx}/(S_{xx} + \\lambda) = 1 - f$ removes a fraction $f$ instead.',
    value: (v) => shrinkMistake(v, stats(v).Sxx * (1 / (1 - v.fraction) - 1)),
  },
  {
    id: 'fraction-times-sxx',
    part: P.lambdaF,
    label: 'Took $\\lambda = f \\cdot S_{xx}$',
    description: 'The ratio of slopes is $S_{xx}/(S_{xx} + \\lambda)$; setting it to $f$ gives $\\lambda = S_{xx}(1/f - 1)$, not $f\\,S_{xx}$.',
    value: (v) => shrinkMistake(v, v.fraction * stats(v).Sxx),
  },
  {
    id: 'used-sxy',
    part: P.lambdaF,
    label: 'Used $S_{xy}$ instead of $S_{xx}$',
    description: '$\\lambda$ is added to $S_{xx}$, so the shrink factor $S_{xx}/(S_{xx} + \\lambda)$ involves $S_{xx}$ only; $S_{xy}$ cancels in the ratio of slopes.',
    value: (v) => shrinkMistake(v, Math.abs(stats(v).Sxy) * (1 / v.fraction - 1)),
  },
  {
    id: 'lasso-shrink',
    part: P.lambdaF,
    label: 'Used the lasso formula',
    description:
      'With the lasso ($\\lambda|m|$) the slope is $(|S_{xy}| - \\lambda/2)/S_{xx}$ and $\\lambda = 2|S_{xy}|(1 - f)$; ridge divides instead: $S_{xy}/(S_{xx} + \\lambda)$.',
    value: (v) => shrinkMistake(v, 2 * Math.abs(stats(v).Sxy) * (1 - v.fraction)),
  },
  {
    id: 'half-lambda-shrink',
    part: P.lambdaF,
    label: 'Used $\\lambda/2$',
    description: 'The ridge slope is $S_{xy}/(S_{xx} + \\lambda)$, with $\\lambda$ itself (not $\\lambda/2$) in the denominator.',
    value: (v) => shrinkMistake(v, 2 * stats(v).Sxx * (1 / v.fraction - 1)),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const { Sxx, Sxy } = stats(v)
  const steps = centeredSumsSteps(v.x, v.y)
  steps.push({
    title: 'The ridge slope',
    body:
      'With $b = \\bar y - m\\bar x$ (the intercept is not penalized) the loss depends on $m$ only:' +
      '$$L(m) = S_{yy} - 2mS_{xy} + m^2S_{xx} + \\lambda m^2.$$' +
      'Its derivative $-2S_{xy} + 2m(S_{xx} + \\lambda)$ is zero at' +
      `$$m(\\lambda) = \\frac{S_{xy}}{S_{xx} + \\lambda} = \\frac{${texFrac(Sxy)}}{${texFrac(Sxx)} + \\lambda}.$$`,
  })
  const m = ridge1d(v.x, v.y, v.lambda).slope
  steps.push({
    title: `The slope at $\\lambda = ${v.lambda}$`,
    body:
      `$$m = \\frac{${texFrac(Sxy)}}{${texFrac(Sxx)} + ${v.lambda}} ${texEq(m, 20000)},$$` +
      `smaller in size than the OLS slope $S_{xy}/S_{xx} ${texEq(Sxy / Sxx)}$ but not zero: ridge shrinks, it never removes.`,
  })
  const f = v.fraction
  const lam = shrinkLambda(v)
  const check = ridge1d(v.x, v.y, lam).slope / ols1d(v.x, v.y).slope
  steps.push({
    title: `The $\\lambda$ that keeps $${texFrac(f)}$ of the slope`,
    body:
      'Dividing the ridge slope by the OLS slope, $S_{xy}$ cancels:' +
      `$$\\frac{m(\\lambda)}{m(0)} = \\frac{S_{xx}}{S_{xx} + \\lambda} = ${texFrac(f)} \\iff \\lambda = S_{xx}\\left(\\frac{1}{${texFrac(f)}} - 1\\right) = ` +
      `${texFrac(Sxx)} \\cdot ${texFrac(1 / f - 1)} ${texEq(lam, 20000)}.$$` +
      `(In particular $\\lambda = S_{xx}$ halves the slope.) Check: $m(\\lambda)/m(0) ${texEq(check)}$.`,
  })
  const lamMax = Math.max(2 * Sxx, 1.5 * v.lambda, 1.5 * shrinkLambda(v))
  steps.push({
    title: 'The slope as $\\lambda$ grows',
    body: `The ridge slope falls toward 0 like $1/(S_{xx} + \\lambda)$ and never reaches it; the lasso slope (loss with $\\lambda|m|$) reaches exactly 0 at $\\lambda = 2|S_{xy}| = ${texFrac(2 * Math.abs(Sxy))}$.`,
    figure: slopeVsLambda({
      lambdaMax: lamMax,
      lasso: (lam) => lasso1d(v.x, v.y, lam).slope,
      ridge: (lam) => ridge1d(v.x, v.y, lam).slope,
      title: 'Ridge and lasso slopes m(λ) for these data',
    }),
  })
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'ridge-1d-slope',
  version: 2,
  topic: 'ridge',
  title: 'The ridge slope, and the λ that shrinks it by a given fraction',
  description:
    'One feature, small integer data: the ridge slope S_xy/(S_xx + λ) for a given λ, and the λ that makes it a given fraction of the OLS slope.',
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

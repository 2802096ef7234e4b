/**
 * The subgradient condition at m = 0, and why the L1 push does not fade near zero.
 *
 * Lasso loss Σ(y_i − m·x_i − b)² + λ|m|, intercept not penalized. With b = ȳ − m·x̄ the squared error is
 * RSS(m) = S_yy − 2m·S_xy + m²·S_xx, whose derivative at 0 is −2S_xy. The subdifferential of λ|m| at 0 is
 * [−λ, λ], so m = 0 is optimal iff 0 ∈ −2S_xy + [−λ, λ], i.e. |2S_xy| ≤ λ. Away from 0 the penalty
 * derivatives are λ·sign(m) (L1: constant push) and 2λm (L2: proportional push).
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { lasso1d, lassoKkt, lassoLambdaStar1d, penaltyGradient, ridge1d, summarize1d } from '@/lib/solver'
import { slopeVsLambda } from '../figures'
import { texFrac, texFracApprox, texNum, texParen, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, drawLambdaBeside, mistakesDistinguishable, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    /** 'zero-optimal': λ ≥ 2|S_xy|; 'not-optimal': λ < 2|S_xy|; 'random': either. */
    regime: z.enum(['zero-optimal', 'not-optimal', 'random']).default('random'),
    /** The nonzero slopes m₀ at which the penalty derivatives are asked (one picked per variant, random sign). */
    slopes: z.array(z.number().positive().max(100)).min(1).max(20).default([0.1, 0.2, 0.25, 0.4, 1.5, 2, 3]),
  })
  .superRefine(checkDataRanges)

export type Params = z.infer<typeof params>

export interface Variant {
  x: number[]
  y: number[]
  regime: 'zero-optimal' | 'not-optimal'
  /** Integer penalty λ in Σ(…)² + λ|m|. */
  lambda: number
  /** The slope m₀ ≠ 0 for the penalty-derivative parts. */
  m0: number
  /** Option ids of the yes/no part, shuffled. */
  options: { id: string; key: 'yes' | 'no' }[]
}

const P = { rss: 'rssSlope', optimal: 'optimal', l1: 'l1Deriv', l2: 'l2Deriv' } as const
const LABELS = { yes: 'Yes: the loss is at its lowest at $m = 0$', no: 'No: the loss is smaller at some $m \\ne 0$' }

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const regime = p.regime === 'random' ? rng.pick(['zero-optimal', 'not-optimal'] as const) : p.regime
  const options = rng.shuffle(['yes', 'no'] as const).map((key, i) => ({ id: `o${i + 1}`, key }))
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    if (!(Sxx > 0) || Sxy === 0) continue
    const lamStar = lassoLambdaStar1d(x, y, 'lambda') // 2|S_xy|
    const lambda = drawLambdaBeside(rng, lamStar, regime === 'zero-optimal' ? 'zero' : 'nonzero', { includeThreshold: true, upperFactor: 1.6 })
    if (lambda === undefined) continue
    const m0 = rng.pick(p.slopes) * (rng.chance(0.5) ? -1 : 1)
    const v: Variant = { x, y, regime, lambda, m0, options }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error('subgradient-at-zero: could not draw data with S_xx > 0 and S_xy ≠ 0 in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by the lasso, which minimizes` +
      '$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + \\lambda|m|$$' +
      `with $\\lambda = ${v.lambda}$; the intercept is not penalized, so $b = \\bar y - m\\bar x$ and the squared error is a function $\\mathrm{RSS}(m)$ of $m$ alone.`,
    table: dataTable(v.x, v.y),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    { id: P.rss, prompt: 'The derivative $\\mathrm{RSS}\'(0)$ of the squared error at $m = 0$.', answer: { type: 'number' }, points: 1, label: "$\\mathrm{RSS}'(0) =$" },
    {
      id: P.optimal,
      prompt: `Is $m = 0$ optimal at $\\lambda = ${v.lambda}$?`,
      answer: { type: 'choice', options: v.options.map((o) => ({ id: o.id, label: LABELS[o.key] })) },
      points: 1,
    },
    {
      id: P.l1,
      prompt: `The derivative of the L1 penalty $\\lambda|m|$ at $m = ${texNum(v.m0)}$.`,
      answer: { type: 'number' },
      points: 1,
      label: `$\\frac{d}{dm}\\lambda|m|\\,\\big|_{m = ${texNum(v.m0)}} =$`,
    },
    {
      id: P.l2,
      prompt: `The derivative of the L2 penalty $\\lambda m^2$ (same $\\lambda$) at $m = ${texNum(v.m0)}$.`,
      answer: { type: 'number' },
      points: 1,
      label: `$\\frac{d}{dm}\\lambda m^2\\,\\big|_{m = ${texNum(v.m0)}} =$`,
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
const optionId = (v: Variant, key: 'yes' | 'no') => v.options.find((o) => o.key === key)!.id
/** Is m = 0 the lasso solution? Decided exactly by the solver. */
const zeroIsOptimal = (v: Variant) => lasso1d(v.x, v.y, v.lambda, 'lambda').slope === 0

/**
 * RSS'(0) = −2S_xy is minus lib/solver's KKT gradient g = 2x̃ᵀ(ỹ − x̃m) at m = 0. The penalty derivatives
 * λ·sign(m₀) and 2λm₀ are lib/solver's penaltyGradient.
 */
function solve(v: Variant): Record<string, number | string> {
  return {
    [P.rss]: -lassoKkt(v.x.map((xi) => [xi]), v.y, [0], v.lambda).gradient[0],
    [P.optimal]: optionId(v, zeroIsOptimal(v) ? 'yes' : 'no'),
    [P.l1]: penaltyGradient('l1', v.m0, v.lambda),
    [P.l2]: penaltyGradient('l2', v.m0, v.lambda),
  }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((acc, t, i) => acc + t * b[i], 0)
const wrong = (v: Variant, part: string, value: number) => unlessCorrect(value, solve(v)[part] as number)

const mistakes: Misconception<Variant>[] = [
  {
    id: 'rss-zero',
    part: P.rss,
    natural: true,
    label: 'Took $\\mathrm{RSS}\'(0) = 0$',
    description:
      'The squared error has zero derivative at the least-squares slope $S_{xy}/S_{xx}$, not at $m = 0$. At $m = 0$ its derivative is $-2S_{xy}$, which is 0 only when $S_{xy} = 0$; the question is whether the penalty’s kink can absorb it.',
    value: () => 0,
  },
  {
    id: 'rss-sign',
    part: P.rss,
    label: 'Sign error in the derivative',
    description: '$\\mathrm{RSS}(m) = S_{yy} - 2mS_{xy} + m^2S_{xx}$, so $\\mathrm{RSS}\'(m) = -2S_{xy} + 2mS_{xx}$ and $\\mathrm{RSS}\'(0) = -2S_{xy}$.',
    value: (v) => wrong(v, P.rss, 2 * stats(v).Sxy),
  },
  {
    id: 'rss-no-2',
    part: P.rss,
    label: 'Dropped the factor 2',
    description: 'The derivative of a square brings down a 2: $\\frac{d}{dm}(-2mS_{xy}) = -2S_{xy}$.',
    value: (v) => wrong(v, P.rss, -stats(v).Sxy),
  },
  {
    id: 'rss-uncentered',
    part: P.rss,
    label: 'Did not center the data',
    description: 'With $b = \\bar y - m\\bar x$ the residuals are $(y_i - \\bar y) - m(x_i - \\bar x)$, so the derivative uses the centered sum $S_{xy}$, not $\\sum x_iy_i$.',
    value: (v) => wrong(v, P.rss, -2 * dot(v.x, v.y)),
  },
  {
    id: 'zero-needs-zero-derivative',
    part: P.optimal,
    label: 'Required the derivative to vanish at 0',
    description:
      '$|m|$ has no derivative at 0; its subgradients fill $[-1, 1]$. $m = 0$ is optimal when some subgradient balances the pull of the squared error: $|\\mathrm{RSS}\'(0)| = |2S_{xy}| \\le \\lambda$.',
    value: (v) => (zeroIsOptimal(v) ? optionId(v, 'no') : undefined),
  },
  {
    id: 'forgot-factor-2',
    part: P.optimal,
    label: 'Compared $|S_{xy}|$ with $\\lambda$',
    description: 'The condition is $|2S_{xy}| \\le \\lambda$ (the squared error’s derivative is $-2S_{xy}$), equivalently $|S_{xy}| \\le \\lambda/2$; $|S_{xy}| \\le \\lambda$ is the condition for the penalty $2\\lambda|m|$.',
    value: (v) => (!zeroIsOptimal(v) && Math.abs(stats(v).Sxy) <= v.lambda ? optionId(v, 'yes') : undefined),
  },
  {
    id: 'signed-condition',
    part: P.optimal,
    label: 'Forgot the absolute value',
    description: 'The penalty can push back in either direction, up to $\\lambda$: the test is $|2S_{xy}| \\le \\lambda$, and a negative $S_{xy}$ counts by its size.',
    value: (v) => (!zeroIsOptimal(v) && stats(v).Sxy < 0 && Math.abs(stats(v).Sxy) > v.lambda ? optionId(v, 'yes') : undefined),
  },
  {
    id: 'l1-used-l2',
    part: P.l1,
    label: 'Used the L2 derivative $2\\lambda m$',
    description: 'For $m \\ne 0$, $\\frac{d}{dm}\\lambda|m| = \\lambda\\operatorname{sign}(m)$: a constant push whose size does not depend on $m$.',
    value: (v) => wrong(v, P.l1, 2 * v.lambda * v.m0),
  },
  {
    id: 'l1-penalty-value',
    part: P.l1,
    label: 'Gave the penalty, not its derivative',
    description: '$\\lambda|m|$ is the penalty itself; its derivative is $\\lambda\\operatorname{sign}(m)$.',
    value: (v) => wrong(v, P.l1, v.lambda * Math.abs(v.m0)),
  },
  {
    id: 'l1-dropped-sign',
    part: P.l1,
    label: 'Dropped the sign',
    description: 'For $m < 0$, $|m| = -m$, so the derivative is $-\\lambda$: the push always points toward 0.',
    value: (v) => (v.m0 < 0 ? wrong(v, P.l1, v.lambda) : undefined),
  },
  {
    id: 'l2-used-l1',
    part: P.l2,
    label: 'Used the L1 derivative $\\lambda\\operatorname{sign}(m)$',
    description: '$\\frac{d}{dm}\\lambda m^2 = 2\\lambda m$: proportional to $m$, so it fades as $m \\to 0$.',
    value: (v) => wrong(v, P.l2, v.lambda * Math.sign(v.m0)),
  },
  {
    id: 'l2-forgot-2',
    part: P.l2,
    label: 'Dropped the factor 2',
    description: 'The power rule brings down the exponent: $\\frac{d}{dm}\\lambda m^2 = 2\\lambda m$.',
    value: (v) => wrong(v, P.l2, v.lambda * v.m0),
  },
  {
    id: 'l2-penalty-value',
    part: P.l2,
    label: 'Gave the penalty, not its derivative',
    description: '$\\lambda m^2$ is the penalty itself; its derivative is $2\\lambda m$.',
    value: (v) => wrong(v, P.l2, v.lambda * v.m0 * v.m0),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const { Sxx, Sxy } = stats(v)
  const a = solve(v)
  const optimal = zeroIsOptimal(v)
  const lamStar = lassoLambdaStar1d(v.x, v.y, 'lambda')
  const m0 = texNum(v.m0)
  const steps = centeredSumsSteps(v.x, v.y)
  steps.push(
    {
      title: 'The pull of the squared error at $m = 0$',
      body:
        `$$\\mathrm{RSS}(m) = S_{yy} - 2mS_{xy} + m^2S_{xx}, \\qquad \\mathrm{RSS}'(m) = -2S_{xy} + 2mS_{xx} = ${texFrac(-2 * Sxy)} + ${texFrac(2 * Sxx)}\\,m,$$` +
        `so $\\mathrm{RSS}'(0) = -2S_{xy} ${texEq(a[P.rss] as number)}$.`,
    },
    {
      title: 'The subgradient condition',
      body:
        'At $m = 0$ the penalty $\\lambda|m|$ has no derivative; its subgradients are every value in $[-\\lambda, \\lambda]$. ' +
        '$m = 0$ is a minimizer exactly when $0 \\in \\mathrm{RSS}\'(0) + [-\\lambda, \\lambda]$, that is' +
        `$$|2S_{xy}| \\le \\lambda: \\qquad ${texFrac(Math.abs(2 * Sxy))} ${optimal ? '\\le' : '>'} ${v.lambda}.$$` +
        (optimal
          ? 'The penalty can absorb the pull of the squared error in either direction, so $m = 0$ is optimal: the lasso slope is exactly 0.'
          : `The pull exceeds what the penalty can absorb, so moving away from 0 lowers the loss: $m = 0$ is not optimal (the lasso slope is $${texFracApprox(lasso1d(v.x, v.y, v.lambda).slope, 5000)}$).`) +
        ` The threshold is $\\lambda^* = 2|S_{xy}| = ${texFrac(lamStar)}$.`,
      figure: slopeVsLambda({
        lambdaMax: 1.4 * Math.max(lamStar, v.lambda),
        lasso: (lam) => lasso1d(v.x, v.y, lam).slope,
        ridge: (lam) => ridge1d(v.x, v.y, lam).slope,
        lambdaStar: lamStar,
        studentLambda: v.lambda,
        studentLabel: 'this λ',
      }),
    },
    {
      title: `The penalties’ derivatives at $m = ${m0}$`,
      body:
        `$$\\frac{d}{dm}\\lambda|m| = \\lambda\\operatorname{sign}(m) = ${v.lambda} \\cdot ${texParen(v.m0 > 0 ? '1' : '-1')} = ${texNum(a[P.l1] as number)}, \\qquad ` +
        `\\frac{d}{dm}\\lambda m^2 = 2\\lambda m = 2 \\cdot ${v.lambda} \\cdot ${texParen(m0)} = ${texNum(a[P.l2] as number)}.$$` +
        `The L1 push has the same size $\\lambda = ${v.lambda}$ at every $m \\ne 0$, however small, so it can hold the slope at exactly 0. ` +
        'The L2 push $2\\lambda m$ shrinks with $m$ and vanishes at 0, so ridge shrinks the slope without ever reaching 0.',
    },
  )
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'subgradient-at-zero',
  version: 2,
  topic: 'optimality',
  title: 'Is m = 0 optimal? The subgradient condition',
  description:
    'One feature: the squared error’s derivative at m = 0, the subgradient test |2S_xy| ≤ λ, and the L1 versus L2 penalty derivatives at a nonzero slope.',
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

/**
 * One lasso, three ways of writing its penalty, the same fitted line:
 *   (A) Σ(y_i − m·x_i − b)² + λ|m|          ('lambda' convention)
 *   (B) Σ(y_i − m·x_i − b)² + 2λ'|m|        ('two-lambda' convention): λ' = λ/2
 *   (C) scikit-learn's Lasso, (1/(2n))·||y − Xw − b||² + α||w||₁: α = λ/(2n)
 * Multiplying a loss by a positive constant does not move its minimizer, so (C)·2n = (A) with λ = 2nα.
 * The question gives λ in (A) or (B) and asks for the other two forms, the λ of a given α, and the slope.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import {
  type Convention,
  convertLambda,
  lambdaFromSklearnAlpha,
  lasso1d,
  lassoLambdaStar1d,
  ols1d,
  sklearnAlphaFromLambda,
  summarize1d,
} from '@/lib/solver'
import { fmt, texFrac, texNum, texEq, texValueAfter } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, mistakesDistinguishable, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    /** The convention the given λ is stated in; 'random' picks one per variant. */
    given: z.enum(['lambda', 'two-lambda', 'random']).default('random'),
    /** The scikit-learn α values the "which λ is this α" part may use. */
    alphas: z.array(z.number().positive().max(1000)).min(1).max(20).default([0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1.5, 2]),
  })
  .superRefine(checkDataRanges)

export type Params = z.infer<typeof params>

export interface Variant {
  x: number[]
  y: number[]
  /** The convention of the given penalty. */
  given: Convention
  /** The given penalty, an integer, in the `given` convention; below λ*, so the slope is not 0. */
  lambda: number
  /** A scikit-learn α, for the part that converts back. */
  alpha: number
}

const P = { other: 'lambdaOther', alpha: 'alpha', fromAlpha: 'lambdaFromAlpha', slope: 'slope' } as const
const other = (c: Convention): Convention => (c === 'lambda' ? 'two-lambda' : 'lambda')
const symbol = (c: Convention) => (c === 'lambda' ? '\\lambda' : "\\lambda'")
const LOSS_A = '$$\\text{(A)}\\quad \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + \\lambda|m|$$'
const LOSS_B = "$$\\text{(B)}\\quad \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + 2\\lambda'|m|$$"
const LOSS_C = '$$\\text{(C)}\\quad \\frac{1}{2n}\\lVert y - Xw - b\\rVert_2^2 + \\alpha\\lVert w\\rVert_1 \\qquad (\\text{here } w = m)$$'

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const given: Convention = p.given === 'random' ? rng.pick(['lambda', 'two-lambda'] as const) : p.given
  const alpha = rng.pick(p.alphas)
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    if (!(Sxx > 0) || Sxy === 0) continue
    // An integer λ below λ*, so the slope part has a nonzero answer.
    const hi = Math.ceil(lassoLambdaStar1d(x, y, given)) - 1
    if (hi < 1) continue
    const v: Variant = { x, y, given, lambda: rng.int(1, hi), alpha }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error('penalty-conventions: could not draw data with S_xx > 0 and a slope to shrink in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A lasso line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below. Its loss can be written in three ways:` +
      LOSS_A +
      LOSS_B +
      LOSS_C +
      "(C) is scikit-learn's Lasso(alpha=α). None penalizes the intercept $b$. " +
      `You fit (${v.given === 'lambda' ? 'A' : 'B'}) with $${symbol(v.given)} = ${v.lambda}$.`,
    table: dataTable(v.x, v.y),
  }
}

function parts(v: Variant): PartSpec[] {
  const o = other(v.given)
  return [
    {
      id: P.other,
      prompt: `The value of $${symbol(o)}$ in (${o === 'lambda' ? 'A' : 'B'}) that gives the same fitted line.`,
      answer: { type: 'number' },
      points: 1,
      label: `$${symbol(o)} =$`,
    },
    { id: P.alpha, prompt: "The scikit-learn $\\alpha$ in (C) that gives the same fitted line.", answer: { type: 'number' }, points: 1, label: '$\\alpha =$' },
    {
      id: P.fromAlpha,
      prompt: `A colleague fits scikit-learn's Lasso to the same data with $\\alpha = ${fmt(v.alpha)}$. Which $${symbol(v.given)}$ in (${v.given === 'lambda' ? 'A' : 'B'}) gives the same line?`,
      answer: { type: 'number' },
      points: 1,
      label: `$${symbol(v.given)} =$`,
    },
    { id: P.slope, prompt: `The slope $m$ of your fit (${v.given === 'lambda' ? 'A' : 'B'}) with $${symbol(v.given)} = ${v.lambda}$.`, answer: { type: 'number' }, points: 1, label: '$m =$' },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
/** The given penalty in the 'lambda' convention (A). */
const lambdaA = (v: Variant) => convertLambda(v.lambda, v.given, 'lambda')

function solve(v: Variant): Record<string, number> {
  return {
    [P.other]: convertLambda(v.lambda, v.given, other(v.given)),
    [P.alpha]: sklearnAlphaFromLambda(lambdaA(v), v.x.length),
    [P.fromAlpha]: convertLambda(lambdaFromSklearnAlpha(v.alpha, v.x.length), 'lambda', v.given),
    [P.slope]: lasso1d(v.x, v.y, v.lambda, v.given).slope,
  }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const wrong = (v: Variant, part: string, value: number) => unlessCorrect(value, solve(v)[part])

const mistakes: Misconception<Variant>[] = [
  {
    id: 'other-inverted',
    part: P.other,
    label: 'Converted in the wrong direction',
    description: "$2\\lambda'|m| = \\lambda|m|$ when $\\lambda' = \\lambda/2$: the (B) penalty is half the (A) one, and (A) is twice (B).",
    value: (v) => wrong(v, P.other, v.given === 'lambda' ? 2 * v.lambda : v.lambda / 2),
  },
  {
    id: 'other-unchanged',
    part: P.other,
    label: 'Kept the same value',
    description: "The factor 2 in $2\\lambda'|m|$ is part of the penalty: the same number in (A) and (B) gives penalties that differ by a factor 2, so different lines.",
    value: (v) => wrong(v, P.other, v.lambda),
  },
  {
    id: 'alpha-over-n',
    part: P.alpha,
    label: 'Used $\\alpha = \\lambda/n$',
    description: 'scikit-learn divides the squared error by $2n$, not $n$: multiplying (C) by $2n$ gives (A) with $\\lambda = 2n\\alpha$, so $\\alpha = \\lambda/(2n)$.',
    value: (v) => wrong(v, P.alpha, lambdaA(v) / v.x.length),
  },
  {
    id: 'alpha-forgot-n',
    part: P.alpha,
    label: 'Forgot $n$ ($\\alpha = \\lambda/2$)',
    description: 'The squared error in (C) is averaged over the $n$ points, so $n$ enters the conversion: $\\alpha = \\lambda/(2n)$.',
    value: (v) => wrong(v, P.alpha, lambdaA(v) / 2),
  },
  {
    id: 'alpha-inverted',
    part: P.alpha,
    label: 'Inverted the conversion ($\\alpha = 2n\\lambda$)',
    description: 'Multiplying (C) by $2n$ gives (A) with $\\lambda = 2n\\alpha$; solving for $\\alpha$ divides: $\\alpha = \\lambda/(2n)$.',
    value: (v) => wrong(v, P.alpha, 2 * v.x.length * lambdaA(v)),
  },
  {
    id: 'alpha-equals-lambda',
    part: P.alpha,
    label: 'Took $\\alpha = \\lambda$',
    description: "That holds for scikit-learn's Ridge (which does not scale the squared error), not for its Lasso, which minimizes $\\frac{1}{2n}\\lVert\\cdot\\rVert^2 + \\alpha\\lVert w\\rVert_1$.",
    value: (v) => wrong(v, P.alpha, lambdaA(v)),
  },
  {
    id: 'alpha-from-wrong-convention',
    part: P.alpha,
    label: "Converted $\\lambda'$ as if it were $\\lambda$",
    description: "$\\alpha = \\lambda/(2n)$ uses the (A) penalty $\\lambda = 2\\lambda'$; with (B), $\\alpha = \\lambda'/n$.",
    value: (v) => (v.given === 'two-lambda' ? wrong(v, P.alpha, v.lambda / (2 * v.x.length)) : undefined),
  },
  {
    id: 'from-alpha-inverted',
    part: P.fromAlpha,
    label: 'Divided instead of multiplying',
    description: 'Multiplying (C) by $2n$ gives (A) with $\\lambda = 2n\\alpha$ (and (B) with $\\lambda\' = n\\alpha$): going from $\\alpha$ to $\\lambda$ multiplies.',
    value: (v) => {
      const k = solve(v)[P.fromAlpha] / v.alpha
      return wrong(v, P.fromAlpha, v.alpha / k)
    },
  },
  {
    id: 'from-alpha-forgot-n',
    part: P.fromAlpha,
    label: 'Forgot $n$',
    description: 'The squared error in (C) is divided by $2n$; undoing that multiplies by $2n$, so $n$ appears in $\\lambda = 2n\\alpha$.',
    value: (v) => wrong(v, P.fromAlpha, solve(v)[P.fromAlpha] / v.x.length),
  },
  {
    id: 'from-alpha-other-convention',
    part: P.fromAlpha,
    label: 'Answered in the other convention',
    description: "$\\lambda = 2n\\alpha$ in (A) and $\\lambda' = n\\alpha$ in (B); the question asks for the convention you fit with.",
    value: (v) => wrong(v, P.fromAlpha, convertLambda(solve(v)[P.fromAlpha], v.given, other(v.given))),
  },
  {
    id: 'slope-other-convention',
    part: P.slope,
    label: 'Used the other convention’s threshold',
    description: "The soft-threshold level is $\\lambda/2$ for (A) and $\\lambda'$ for (B): the same line, but only with the matching value.",
    value: (v) => wrong(v, P.slope, lasso1d(v.x, v.y, v.lambda, other(v.given)).slope),
  },
  {
    id: 'slope-ols',
    part: P.slope,
    label: 'Forgot the penalty (OLS slope)',
    description: '$S_{xy}/S_{xx}$ is the slope without penalty; the lasso shrinks $|S_{xy}|$ by the threshold first.',
    value: (v) => wrong(v, P.slope, ols1d(v.x, v.y).slope),
  },
  {
    id: 'slope-sign',
    part: P.slope,
    natural: true,
    label: 'Wrong sign of the slope',
    description: 'Soft thresholding never changes the sign: a nonzero lasso slope has the sign of $S_{xy}$, like the OLS slope.',
    value: (v) => wrong(v, P.slope, -lasso1d(v.x, v.y, v.lambda, v.given).slope),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const n = v.x.length
  const a = solve(v)
  const L = lambdaA(v)
  const { Sxx, Sxy } = summarize1d(v.x, v.y)
  const t = v.given === 'lambda' ? v.lambda / 2 : v.lambda
  const steps: Step[] = [
    {
      title: 'Same minimizer, rescaled loss',
      body:
        'Multiplying a loss by a positive constant does not move its minimizer. Written with the (A) penalty $\\lambda$:' +
        "$$2\\lambda'|m| = \\lambda|m| \\iff \\lambda' = \\frac{\\lambda}{2}, \\qquad " +
        '2n\\left(\\frac{1}{2n}\\mathrm{RSS} + \\alpha|m|\\right) = \\mathrm{RSS} + 2n\\alpha|m| \\iff \\lambda = 2n\\alpha.$$',
    },
    {
      title: 'Converting the given penalty',
      body:
        (v.given === 'lambda'
          ? `$$\\lambda' = \\frac{\\lambda}{2} = \\frac{${v.lambda}}{2} ${texValueAfter(`\\frac{${v.lambda}}{2}`, a[P.other])}$$`
          : `$$\\lambda = 2\\lambda' = 2 \\cdot ${v.lambda} ${texEq(a[P.other])}$$`) +
        `and with $n = ${n}$ points $$\\alpha = \\frac{\\lambda}{2n} = \\frac{${texFrac(L)}}{2 \\cdot ${n}} ${texEq(a[P.alpha])}.$$`,
    },
    {
      title: `From $\\alpha = ${texNum(v.alpha)}$ back to $${symbol(v.given)}$`,
      body:
        `$$\\lambda = 2n\\alpha = 2 \\cdot ${n} \\cdot ${texNum(v.alpha)} ${texEq(lambdaFromSklearnAlpha(v.alpha, n))}` +
        (v.given === 'two-lambda' ? `, \\qquad \\lambda' = \\frac{\\lambda}{2} = n\\alpha ${texEq(a[P.fromAlpha])}` : '') +
        '.$$',
    },
    ...centeredSumsSteps(v.x, v.y),
    {
      title: 'The slope, in any of the three forms',
      body:
        `The soft-threshold level is $\\lambda/2 = \\lambda' = n\\alpha = ${texFrac(t)}$ in every form:` +
        `$$m = \\frac{\\operatorname{sign}(S_{xy})\\max(|S_{xy}| - ${texFrac(t)},\\ 0)}{S_{xx}} = \\frac{${Sxy < 0 ? '-' : ''}(${texFrac(Math.abs(Sxy))} - ${texFrac(t)})}{${texFrac(Sxx)}} ${texEq(a[P.slope], 5000)}.$$` +
        `scikit-learn with $\\alpha ${texEq(a[P.alpha])}$ gives the same slope: it minimizes the (A) loss divided by $2n$.`,
    },
  ]
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'penalty-conventions',
  version: 1,
  topic: 'conventions',
  title: 'Lasso penalty conventions: λ, 2λ and scikit-learn’s α',
  description:
    'Convert a lasso penalty between λ|m|, 2λ|m| and scikit-learn’s α = λ/(2n), convert an α back, and check that all give the same slope.',
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

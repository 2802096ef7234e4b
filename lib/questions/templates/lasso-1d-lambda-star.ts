/**
 * λ*: the smallest penalty at which the 1-D lasso slope is exactly 0.
 *
 * Loss Σ(y_i − m·x_i − b)² + λ|m| (convention 'lambda', λ* = 2|S_xy|) or Σ(…)² + 2λ|m| (convention
 * 'two-lambda', λ* = |S_xy|), intercept not penalized. Small integer data, so the derivation shows exact
 * fractions. Reads top to bottom: params → generate → parts → solve → mistakes → grade → derive.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { type Convention, lasso1d, lassoLambdaStar1d, ols1d, ridge1d, summarize1d } from '@/lib/solver'
import { DEFAULT_TOLERANCE, withinTolerance } from '../answers'
import { slopeVsLambda } from '../figures'
import { texEqNum, texFrac, texNum, texParen } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { AnswerValue, Misconception, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, drawData, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    nMin: z.number().int().min(3).max(30).default(5),
    nMax: z.number().int().min(3).max(30).default(8),
    xMin: z.number().int().min(-50).max(50).default(0),
    xMax: z.number().int().min(-50).max(50).default(9),
    yMin: z.number().int().min(-50).max(50).default(0),
    yMax: z.number().int().min(-50).max(50).default(12),
    /** Which loss the question states; 'random' picks one per variant. */
    convention: z.enum(['lambda', 'two-lambda', 'random']).default('random'),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })
  .refine((p) => p.xMin < p.xMax, { message: 'xMin must be below xMax', path: ['xMin'] })
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })

export type Params = z.infer<typeof params>

export interface Variant {
  x: number[]
  y: number[]
  convention: Convention
}

const PART = 'lambdaStar'
const other = (c: Convention): Convention => (c === 'lambda' ? 'two-lambda' : 'lambda')
/** The penalty term as written in the loss. */
const penaltyTex = (c: Convention) => (c === 'lambda' ? '\\lambda|m|' : '2\\lambda|m|')
/** λ* = factor·|S_xy|: the factor 2 of the 'lambda' convention, 1 of 'two-lambda'. */
const factor = (c: Convention) => (c === 'lambda' ? 2 : 1)

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
/** Tries before accepting data on which two mistakes give the same number (the earlier one is then diagnosed). */
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const convention: Convention = p.convention === 'random' ? rng.pick(['lambda', 'two-lambda'] as const) : p.convention
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy } = summarize1d(x, y)
    // S_xx > 0: the OLS slope exists; S_xy ≠ 0: λ* > 0, so there is something to shrink.
    if (!(Sxx > 0) || Sxy === 0) continue
    const v: Variant = { x, y, convention }
    if (attempt < DISTINCT_TRIES && mistakeValues(v).coincident) continue
    return v
  }
  throw new Error('lasso-1d-lambda-star: could not draw data with S_xx > 0 and S_xy ≠ 0 in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by the lasso, which minimizes` +
      `$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + ${penaltyTex(v.convention)}$$` +
      'The intercept $b$ is not penalized. As $\\lambda$ grows, the slope $m$ shrinks, and from some value of $\\lambda$ on it is exactly $0$.',
    table: {
      columns: ['$i$', '$x_i$', '$y_i$'],
      rows: v.x.map((xi, i) => [i + 1, xi, v.y[i]]),
      caption: 'The data',
    },
  }
}

function parts() {
  return [
    {
      id: PART,
      prompt: 'Find $\\lambda^*$, the smallest $\\lambda \\ge 0$ for which the lasso slope is exactly $m = 0$.',
      answer: { type: 'number' as const, min: 0, domainReason: 'λ* is a penalty, never negative, whatever the sign of the slope' },
      points: 1,
      label: '$\\lambda^* =$',
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function solve(v: Variant) {
  return { [PART]: lassoLambdaStar1d(v.x, v.y, v.convention) }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)

/** A wrong method and the number it produces (undefined where it does not apply). */
interface Formula {
  id: string
  label: string
  description: string
  formula(v: Variant): number | undefined
}

const FORMULAS: Formula[] = [
  {
    id: 'other-convention',
    label: 'Used the other penalty convention',
    description:
      'With the penalty $\\lambda|m|$ the slope reaches 0 at $\\lambda^* = 2|S_{xy}|$; with $2\\lambda|m|$ at $\\lambda^* = |S_{xy}|$. Read which penalty the loss in this question uses.',
    formula: (v) => lassoLambdaStar1d(v.x, v.y, other(v.convention)),
  },
  {
    id: 'forgot-abs',
    label: 'Forgot the absolute value',
    description:
      'The threshold compares the size $|S_{xy}|$ with the penalty, whatever the sign of $S_{xy}$: a negative slope is shrunk to 0 just like a positive one, so $\\lambda^*$ is never negative.',
    formula: (v) => (stats(v).Sxy < 0 ? -solve(v)[PART] : undefined),
  },
  {
    id: 'signed-sxy',
    label: 'Answered $S_{xy}$ itself',
    description:
      '$S_{xy}$ (with its sign) is not the threshold: for the penalty $\\lambda|m|$ the slope is 0 once $\\lambda/2 \\ge |S_{xy}|$.',
    formula: (v) => (v.convention === 'lambda' && stats(v).Sxy < 0 ? stats(v).Sxy : undefined),
  },
  {
    id: 'ols-slope',
    label: 'Answered the OLS slope',
    description:
      '$S_{xy}/S_{xx}$ is the slope at $\\lambda = 0$. The question asks for the penalty $\\lambda$ at which the slope becomes 0.',
    formula: (v) => ols1d(v.x, v.y).slope,
  },
  {
    id: 'divided-by-sxx',
    label: 'Divided by $S_{xx}$',
    description:
      'The slope is $(|S_{xy}| - \\text{threshold})/S_{xx}$; it is 0 when the numerator is 0, and $S_{xx}$ plays no part in that condition.',
    // With 2λ|m| and S_xy > 0 this is S_xy/S_xx, the OLS slope: diagnosed as that one.
    formula: (v) => (v.convention === 'two-lambda' && stats(v).Sxy > 0 ? undefined : solve(v)[PART] / stats(v).Sxx),
  },
  {
    id: 'divided-by-n',
    label: 'Used an average instead of a sum',
    description:
      'The loss is a sum of squares, not a mean, so the threshold involves $S_{xy} = \\sum (x_i - \\bar x)(y_i - \\bar y)$ itself, not $S_{xy}/n$.',
    formula: (v) => solve(v)[PART] / v.x.length,
  },
  {
    id: 'halved',
    label: 'Divided by 2 instead of multiplying',
    description:
      'The slope is 0 once the soft-threshold level ($\\lambda/2$ for the penalty $\\lambda|m|$, $\\lambda$ for $2\\lambda|m|$) reaches $|S_{xy}|$. Solving that for $\\lambda$ never gives $|S_{xy}|/2$.',
    // With λ|m| and n = 4 this is 2|S_xy|/4, the same number as divided-by-n: diagnosed as that one.
    formula: (v) => (v.convention === 'lambda' && v.x.length === 4 ? undefined : Math.abs(stats(v).Sxy) / 2),
  },
  {
    id: 'used-sxx',
    label: 'Used $S_{xx}$ instead of $S_{xy}$',
    description: 'The penalty competes with $S_{xy}$, the sum of cross-products, not with $S_{xx}$, the sum of squares of the centered $x$.',
    formula: (v) => factor(v.convention) * stats(v).Sxx,
  },
  {
    id: 'uncentered',
    label: 'Did not center the data',
    description:
      'Because the intercept is fitted (and not penalized), the data enter through the centered sum $S_{xy} = \\sum (x_i - \\bar x)(y_i - \\bar y)$, not $\\sum x_i y_i$.',
    formula: (v) => factor(v.convention) * Math.abs(v.x.reduce((acc, xi, i) => acc + xi * v.y[i], 0)),
  },
  {
    id: 'four-sxy',
    label: 'Doubled twice ($4|S_{xy}|$)',
    description:
      'The factor 2 enters once: the slope is $(|S_{xy}| - t)/S_{xx}$ with the threshold $t = \\lambda/2$ for the penalty $\\lambda|m|$ (so $\\lambda^* = 2|S_{xy}|$) or $t = \\lambda$ for $2\\lambda|m|$ (so $\\lambda^* = |S_{xy}|$). Doubling both the penalty and the threshold counts it twice.',
    formula: (v) => 4 * Math.abs(stats(v).Sxy),
  },
]

/**
 * Each formula's value for this variant, in list order: undefined where it does not apply, where it equals
 * λ* (that answer is right), or where it equals an earlier formula's value (then the earlier one is the
 * diagnosis). `coincident` says whether that last case happened, so generate can resample.
 */
function mistakeValues(v: Variant): { values: Record<string, number | undefined>; coincident: boolean } {
  // Grading asks every misconception for its value, each of which needs the whole list: compute it once per variant.
  const cached = mistakeValuesCache.get(v)
  if (cached) return cached
  const result = computeMistakeValues(v)
  mistakeValuesCache.set(v, result)
  return result
}
const mistakeValuesCache = new WeakMap<Variant, { values: Record<string, number | undefined>; coincident: boolean }>()

function computeMistakeValues(v: Variant): { values: Record<string, number | undefined>; coincident: boolean } {
  const correct = solve(v)[PART]
  const values: Record<string, number | undefined> = {}
  const seen: number[] = []
  let coincident = false
  for (const f of FORMULAS) {
    const value = f.formula(v)
    // A method landing on 0 is not diagnosable: λ* = 0 is what a student answers who thinks the slope is already 0.
    if (value === undefined || !Number.isFinite(value) || withinTolerance(value, correct, DEFAULT_TOLERANCE) || withinTolerance(value, 0, DEFAULT_TOLERANCE)) continue
    if (seen.some((s) => withinTolerance(value, s) || withinTolerance(s, value))) {
      coincident = true
      continue
    }
    seen.push(value)
    values[f.id] = value
  }
  return { values, coincident }
}

const mistakes: Misconception<Variant>[] = FORMULAS.map((f) => ({
  id: f.id,
  part: PART,
  label: f.label,
  description: f.description,
  value: (v: Variant) => mistakeValues(v).values[f.id],
}))

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
const $ = (tex: string) => `$${tex}$`

function studentComment(v: Variant, s: Submission): string | null {
  const value: AnswerValue | undefined = s[PART]
  if (typeof value !== 'number') return null
  const g = template.grade(v, s).parts[PART]
  const yours = `Your answer ${$(texNum(value))}`
  if (g.correct) return `${yours} is $\\lambda^*$.`
  const m = mistakes.find((k) => k.id === g.diagnosis)
  if (m) return `${yours} is what you get if: ${m.label.charAt(0).toLowerCase()}${m.label.slice(1)}. ${m.description}`
  return `${yours} is not $\\lambda^*$; compare it with the steps above.`
}

function derive(v: Variant, s?: Submission): Step[] {
  const { Sxx, Sxy } = stats(v)
  const c = v.convention
  const lamStar = solve(v)[PART]
  const half = c === 'lambda' ? '\\lambda/2' : '\\lambda'
  const steps: Step[] = [
    ...centeredSumsSteps(v.x, v.y),
    {
      title: 'Soft thresholding',
      body:
        'The best intercept is $b = \\bar y - m\\bar x$; with it, the loss depends on $m$ only:' +
        `$$L(m) = S_{yy} - 2mS_{xy} + m^2 S_{xx} + ${penaltyTex(c)}.$$` +
        `For $m \\ne 0$ its derivative is $2mS_{xx} - 2S_{xy} + ${c === 'lambda' ? '\\lambda' : '2\\lambda'}\\,\\operatorname{sign}(m)$. ` +
        'Setting it to 0, and allowing $m = 0$ where the derivative jumps, gives' +
        `$$m(\\lambda) = \\frac{\\operatorname{sign}(S_{xy})\\,\\max\\left(|S_{xy}| - ${half},\\ 0\\right)}{S_{xx}} = ` +
        `\\frac{${Sxy < 0 ? '-' : ''}\\max\\left(${texFrac(Math.abs(Sxy))} - ${half},\\ 0\\right)}{${texFrac(Sxx)}}.$$`,
    },
    {
      title: '$\\lambda^*$',
      body:
        `The slope is exactly 0 when $|S_{xy}| - ${half} \\le 0$, that is when ` +
        `$$\\lambda \\ge ${c === 'lambda' ? '2' : ''}|S_{xy}| = ${c === 'lambda' ? `2 \\cdot ${texParen(texFrac(Math.abs(Sxy)))} = ` : ''}${texFrac(lamStar)},$$` +
        `so $\\lambda^* = ${texFrac(lamStar)}$` +
        (Number.isInteger(lamStar) ? '.' : ` $${texEqNum(lamStar)}$.`),
    },
  ]
  const comment = s ? studentComment(v, s) : null
  if (comment) steps[steps.length - 1].body += `\n\n${comment}`
  const studentLambda = s && typeof s[PART] === 'number' ? (s[PART] as number) : null
  const lambdaMax = 1.6 * Math.max(lamStar, studentLambda !== null && studentLambda > 0 && studentLambda < 3 * lamStar ? studentLambda : 0)
  steps.push({
    title: 'The slope as $\\lambda$ grows',
    body:
      `The lasso slope moves in a straight line from the OLS slope $S_{xy}/S_{xx} = ${texFrac(Sxy / Sxx)}$ to $0$ at $\\lambda^*$. ` +
      'For comparison, ridge (loss $\\sum (y_i - mx_i - b)^2 + \\lambda m^2$) has $m = S_{xy}/(S_{xx} + \\lambda)$, which shrinks but never reaches 0.',
    figure: slopeVsLambda({
      lambdaMax,
      lasso: (lam) => lasso1d(v.x, v.y, lam, c).slope,
      ridge: (lam) => ridge1d(v.x, v.y, lam).slope,
      lambdaStar: lamStar,
      studentLambda,
      studentLabel: 'your λ',
      title: `Slope m(λ) for these data, loss with ${c === 'lambda' ? 'λ|m|' : '2λ|m|'}`,
    }),
  })
  steps.push({
    title: 'Why $m$ stays 0 beyond $\\lambda^*$',
    body:
      `At $m = 0$ the squared error pulls the slope with force $|2S_{xy}| = ${texFrac(2 * Math.abs(Sxy))}$, while the penalty ` +
      `$${penaltyTex(c)}$ resists any move away from 0 with the constant force $${c === 'lambda' ? '\\lambda' : '2\\lambda'}$, however small $m$ is; ` +
      `once $\\lambda \\ge \\lambda^*$ the penalty wins in both directions, so $m = 0$ stays the minimum and the slope never crosses to the other sign.`,
  })
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'lasso-1d-lambda-star',
  version: 2,
  topic: 'lasso',
  title: 'The λ at which the lasso slope becomes zero',
  description: 'One feature, small integer data: find λ*, the smallest penalty for which the lasso slope is exactly 0, in the λ|m| or 2λ|m| convention.',
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

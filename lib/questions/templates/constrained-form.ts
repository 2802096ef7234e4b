/**
 * The constrained form and the penalty form, both ways (the notes: "minimize RSS subject to ||w||₁ ≤ t").
 *
 * Lasso: min RSS s.t. ||w||₁ ≤ t  ⇔  min RSS + λ||w||₁;  ridge: min RSS s.t. ||w||₂ ≤ t  ⇔  min RSS + λ||w||²₂.
 * One feature, or two features whose centered columns are orthogonal (so the problem separates coordinate by
 * coordinate: w_j = S(c_j, λ/2)/a_j for the lasso, w_j = c_j/(a_j + λ) for ridge, with a_j = x̃_jᵀx̃_j, c_j = x̃_jᵀỹ).
 * For ridge with two features the columns have equal norms, so ||w(λ)||₂ = ||c||/(a + λ) and λ = ||c||/t − a.
 *
 * Directions: 'from-t' (given t: the constrained solution, and the λ giving the same solution; regimes 'active' and
 * 'inactive', where t ≥ ||w_OLS|| and λ = 0) and 'from-lambda' (given λ: the solution and the t giving it).
 * Data: four (or eight) samples of an orthogonal ±1 design scaled by small integers, so every number is a fraction.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import { lasso, lassoConstrained, lassoLambdaMax, ridge, ridgeConstrained } from '@/lib/solver'
import { constraintGeometry, slopeVsLambda } from '../figures'
import { asFraction, eqNum, texValueAfter, texFrac, texFracApprox, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { Answers, GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeringSteps, dataTable, distinguishable, sums, swappedComponents } from './shared/multi-feature'
import { drawSignalResponse } from './shared/signal'
import { yourAnswersStep } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z.object({
  kind: z.enum(['lasso', 'ridge', 'random']).default('random'),
  features: z.enum(['1', '2', 'random']).default('random'),
  direction: z.enum(['from-t', 'from-lambda', 'random']).default('random'),
  /** For 'from-t': whether the constraint binds ('active') or t is at least the OLS norm ('inactive'). */
  regime: z.enum(['active', 'inactive', 'random']).default('random'),
  /** Largest scale of a column (the column is offset + scale·(±1)). */
  maxScale: z.number().int().min(1).max(5).default(3),
  yMin: z.number().int().min(-20).max(20).default(0),
  yMax: z.number().int().min(-20).max(20).default(12),
})
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })

export type Params = z.infer<typeof params>
type Kind = 'lasso' | 'ridge'
type Direction = 'from-t' | 'from-lambda'

export interface Variant {
  X: number[][]
  y: number[]
  kind: Kind
  direction: Direction
  active: boolean
  /** Given: t ('from-t') or λ ('from-lambda'). For ridge from t, tSquared is shown (t may be a square root). */
  given: number
}

const P = { w: 'w', link: 'link' } as const

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const MAX_TRIES = 3000
const DISTINCT_TRIES = 600
const SIGNS = [
  [-1, 1, -1, 1],
  [-1, -1, 1, 1],
]

function generate(rng: Rng, p: Params): Variant {
  const kind: Kind = p.kind === 'random' ? rng.pick(['lasso', 'ridge'] as const) : p.kind
  const features = p.features === 'random' ? rng.pick([1, 2]) : Number(p.features)
  const direction: Direction = p.direction === 'random' ? rng.pick(['from-t', 'from-lambda'] as const) : p.direction
  const active = direction === 'from-lambda' || (p.regime === 'random' ? rng.chance(0.7) : p.regime === 'active')
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const reps = rng.pick([1, 2])
    const scales = Array.from({ length: features }, () => rng.int(1, p.maxScale))
    if (kind === 'ridge' && features === 2) scales[1] = scales[0]
    const offsets = Array.from({ length: features }, () => rng.int(0, 6) + p.maxScale)
    const X: number[][] = []
    for (let r = 0; r < reps; r++) for (let i = 0; i < 4; i++) X.push(scales.map((s, j) => offsets[j] + s * SIGNS[j][i]))
    const y = drawSignalResponse(rng, X, p.yMin, p.yMax)
    const { c } = sums({ X, y })
    if (c.some((cj) => cj === 0)) continue
    const lamMax = lassoLambdaMax(X, y)
    const ols = ridge(X, y, 0).coef
    let given: number
    if (direction === 'from-lambda' || active) {
      // Ridge: a + λ ≤ 31 keeps t² = ||c||²/(a + λ)² a fraction with a denominator below 1000.
      const hi = kind === 'lasso' ? Math.ceil(lamMax) - 1 : 31 - Math.round(sums({ X, y }).G[0][0])
      if (hi < 1) continue
      const lambda = rng.int(1, hi)
      if (direction === 'from-lambda') given = lambda
      else {
        const w = kind === 'lasso' ? lasso(X, y, lambda).coef : ridge(X, y, lambda).coef
        given = kind === 'lasso' ? norm1(w) : norm2sq(w)
      }
    } else {
      // Inactive: t at or above the OLS norm (an integer for the lasso, t² an integer for ridge).
      given = kind === 'lasso' ? Math.ceil(norm1(ols)) + rng.int(0, 2) : Math.ceil(norm2sq(ols)) + rng.int(0, 4)
    }
    if (asFraction(given) === null) continue
    const v: Variant = { X, y, kind, direction, active, given }
    if (direction === 'from-t' && !(solveFit(v).active === active)) continue
    if (attempt < DISTINCT_TRIES && !(distinguishable(mistakes, v, P.w, parts(v)[0].answer) && distinguishable(mistakes, v, P.link, { type: 'number' }))) continue
    return v
  }
  throw new Error('constrained-form: could not draw data for these params')
}

const norm1 = (w: readonly number[]) => w.reduce((s, x) => s + Math.abs(x), 0)
const norm2sq = (w: readonly number[]) => w.reduce((s, x) => s + x * x, 0)
const norm = (kind: Kind, w: readonly number[]) => (kind === 'lasso' ? norm1(w) : Math.sqrt(norm2sq(w)))
/** t for the solver: for ridge from t the variant stores t². */
const tOf = (v: Variant) => (v.kind === 'ridge' ? Math.sqrt(v.given) : v.given)

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
const p1 = (v: Variant) => v.X[0].length === 1
const tTex = (v: Variant) => {
  if (v.kind === 'lasso') return texFrac(v.given)
  const r = Math.sqrt(v.given)
  return Number.isInteger(r) ? String(r) : `\\sqrt{${texFrac(v.given)}}`
}
const normTex = (v: Variant) => (v.kind === 'lasso' ? (p1(v) ? '|w_1|' : '|w_1| + |w_2|') : p1(v) ? '|w_1|' : '\\sqrt{w_1^2 + w_2^2}')
const penaltyTex = (v: Variant) => (v.kind === 'lasso' ? '\\lambda\\|w\\|_1' : '\\lambda\\|w\\|_2^2')

function intro(v: Variant) {
  const feats = p1(v) ? 'one feature' : 'two features (their centered columns are orthogonal)'
  const given =
    v.direction === 'from-t'
      ? `the constrained problem $\\min_{w,b} \\mathrm{RSS}(w, b)$ subject to $${normTex(v)} \\le t$ with $t = ${tTex(v)}$`
      : `the penalized problem $\\min_{w,b} \\mathrm{RSS}(w, b) + ${penaltyTex(v)}$ with $\\lambda = ${v.given}$`
  return {
    statement:
      `Data with ${feats}, below; $\\mathrm{RSS}(w, b) = \\sum_i (y_i - x_i^\\top w - b)^2$ and the intercept $b$ is never constrained or penalized. ` +
      `Consider ${given}. The ${v.kind === 'lasso' ? 'lasso' : 'ridge'} can be written in either form, and each $t$ matches a $\\lambda \\ge 0$.`,
    table: dataTable(v),
  }
}

function parts(v: Variant): PartSpec[] {
  const labels = p1(v) ? ['$w_1$'] : ['$w_1$', '$w_2$']
  return v.direction === 'from-t'
    ? [
        { id: P.w, prompt: 'The solution $w$ of the constrained problem.', answer: { type: 'vector', labels }, points: 2 },
        { id: P.link, prompt: `The penalty $\\lambda \\ge 0$ for which $\\mathrm{RSS} + ${penaltyTex(v)}$ has the same solution (0 if no penalty is needed).`, answer: { type: 'number' }, points: 1, label: '$\\lambda =$' },
      ]
    : [
        { id: P.w, prompt: 'The solution $w$ of the penalized problem.', answer: { type: 'vector', labels }, points: 2 },
        { id: P.link, prompt: `The constraint level $t$ for which $\\min \\mathrm{RSS}$ subject to $${normTex(v)} \\le t$ has the same solution.`, answer: { type: 'number', min: 0, domainReason: 't bounds a norm, never negative' }, points: 1, label: '$t =$' },
      ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function penalized(v: Variant, lambda: number): number[] {
  return v.kind === 'lasso' ? lasso(v.X, v.y, lambda).coef : ridge(v.X, v.y, lambda).coef
}

/** From t: lib/solver's constrained solution and its λ; from λ: the penalized solution and its norm. */
function solveFit(v: Variant): { w: number[]; lambda: number; t: number; active: boolean } {
  if (v.direction === 'from-t') {
    const fit = v.kind === 'lasso' ? lassoConstrained(v.X, v.y, tOf(v)) : ridgeConstrained(v.X, v.y, tOf(v))
    return { w: fit.coef, lambda: fit.lambda, t: tOf(v), active: fit.active }
  }
  const w = penalized(v, v.given)
  return { w, lambda: v.given, t: norm(v.kind, w), active: true }
}

function solve(v: Variant): Answers {
  const f = solveFit(v)
  return { [P.w]: f.w, [P.link]: v.direction === 'from-t' ? f.lambda : f.t }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const near = (a: number, b: number) => Math.abs(a - b) <= 1e-3 * Math.abs(b) + 1e-6
const vec = (v: Variant, w: number[]) => (w.every((x, j) => near(x, solveFit(v).w[j])) || w.some((x) => !Number.isFinite(x)) ? undefined : w)
const num = (v: Variant, x: number) => (!Number.isFinite(x) || near(x, solve(v)[P.link] as number) ? undefined : x)
const fromT = (v: Variant) => v.direction === 'from-t'

/** The formula for λ from t with every coordinate active, without clamping at 0 (negative when t is too large). */
function unclampedLambda(v: Variant): number {
  const { G, c } = sums(v)
  const a = G.map((row, j) => row[j])
  const t = tOf(v)
  if (v.kind === 'lasso') {
    const sumC = c.reduce((s, cj, j) => s + Math.abs(cj) / a[j], 0)
    const sumInv = a.reduce((s, aj) => s + 1 / aj, 0)
    return (2 * (sumC - t)) / sumInv
  }
  return Math.sqrt(norm2sq(c)) / t - a[0]
}

const mistakes: Misconception<Variant>[] = [
  {
    id: 'ignored-constraint',
    part: P.w,
    natural: true,
    label: 'Gave the least-squares solution',
    description: 'When $t$ is below the norm of the least-squares solution, that solution is outside the region: the constrained solution lies on its boundary, with norm exactly $t$.',
    value: (v) => (v.active ? vec(v, ridge(v.X, v.y, 0).coef) : undefined),
  },
  {
    id: 'boundary-when-inactive',
    part: P.w,
    label: 'Put the solution on the boundary although the constraint does not bind',
    description: 'Here the least-squares solution already satisfies the constraint, so it is the constrained solution: the constraint is not active and $\\lambda = 0$.',
    value: (v) => {
      if (!fromT(v) || v.active) return undefined
      const ols = ridge(v.X, v.y, 0).coef
      const k = tOf(v) / norm(v.kind, ols)
      return vec(v, ols.map((x) => x * k))
    },
  },
  {
    id: 'scaled-ols',
    part: P.w,
    label: 'Scaled the least-squares solution down to the boundary',
    description: 'The lasso does not shrink every coefficient by the same factor: it subtracts the same $\\lambda/2$ from every $|c_j|$ (soft thresholding), which can set a coefficient exactly to 0.',
    value: (v) => {
      if (!fromT(v) || !v.active || v.kind !== 'lasso' || p1(v)) return undefined
      const ols = ridge(v.X, v.y, 0).coef
      const k = tOf(v) / norm1(ols)
      return vec(v, ols.map((x) => x * k))
    },
  },
  {
    id: 't-as-penalty',
    part: P.w,
    label: 'Used $t$ as the penalty $\\lambda$',
    description: 'The constraint level $t$ and the penalty $\\lambda$ are different numbers (a small $t$ matches a large $\\lambda$); solve on the boundary $\\|w\\| = t$ instead.',
    value: (v) => (fromT(v) && v.active ? vec(v, penalized(v, tOf(v))) : undefined),
  },
  {
    id: 'factor-2-solution',
    part: P.w,
    label: 'Lost the factor 2 in the stationarity condition',
    description: 'The derivative of $\\mathrm{RSS}$ is $-2\\tilde x_j^\\top(\\tilde y - \\tilde Xw)$: for the lasso the threshold is $\\lambda/2$, for ridge the denominator is $a_j + \\lambda$.',
    // Where the doubled threshold zeroes every coefficient, that is the zero vector: answering 0 is no sign of this mistake.
    value: (v) => {
      const w = fromT(v) ? undefined : vec(v, v.kind === 'lasso' ? penalized(v, 2 * v.given) : penalized(v, v.given / 2))
      return w?.every((x) => x === 0) ? undefined : w
    },
  },
  swappedComponents(P.w, 'Swapped the two components', 'The first component is $w_1$, the coefficient of $x_1$; the second is $w_2$, the coefficient of $x_2$.', (v) => solveFit(v).w, vec),
  {
    id: 't-as-lambda',
    part: P.link,
    label: 'Took $\\lambda = t$',
    description: 'The penalty that gives the same solution is the multiplier of the active constraint: for the lasso $\\lambda = 2(|c_j| - a_j|w_j|)$ on a nonzero coordinate, for ridge $\\lambda = c_j/w_j - a_j$; it is not $t$.',
    value: (v) => (fromT(v) && v.active ? num(v, tOf(v)) : undefined),
  },
  {
    id: 'factor-2-lambda',
    part: P.link,
    label: 'Lost the factor 2',
    description: 'With $\\mathrm{RSS} + \\lambda|w_j|$ the stationarity condition is $2(c_j - a_jw_j) = \\lambda\\operatorname{sign}(w_j)$; with $\\lambda w_j^2$ it is $2(c_j - a_jw_j) = 2\\lambda w_j$.',
    value: (v) => (fromT(v) && v.active ? num(v, v.kind === 'lasso' ? solveFit(v).lambda / 2 : solveFit(v).lambda * 2) : undefined),
  },
  {
    id: 'unclamped-lambda',
    part: P.link,
    label: 'Kept a negative $\\lambda$',
    description: 'Solving $\\|w(\\lambda)\\| = t$ gives a negative $\\lambda$ exactly when $t$ exceeds the least-squares norm: the constraint is then not active, and the matching penalty is $\\lambda = 0$.',
    value: (v) => (fromT(v) && !v.active ? num(v, unclampedLambda(v)) : undefined),
  },
  {
    id: 'lambda-as-t',
    part: P.link,
    label: 'Took $t = \\lambda$',
    description: 'The matching constraint level is the norm of the penalized solution, $t = \\|w(\\lambda)\\|$, not $\\lambda$.',
    value: (v) => (fromT(v) ? undefined : num(v, v.given)),
  },
  {
    id: 'wrong-norm',
    part: P.link,
    label: 'Measured $t$ with the other norm',
    description: 'The lasso constrains $\\|w\\|_1 = \\sum_j|w_j|$; ridge constrains $\\|w\\|_2 = \\sqrt{\\sum_j w_j^2}$ (not its square).',
    value: (v) => {
      if (fromT(v)) return undefined
      const w = solveFit(v).w
      return num(v, v.kind === 'lasso' ? Math.sqrt(norm2sq(w)) : norm2sq(w))
    },
  },
  {
    id: 'ols-norm',
    part: P.link,
    label: 'Took the norm of the least-squares solution',
    description: 'Any $t$ at or above $\\|w_{\\mathrm{OLS}}\\|$ gives least squares; the $t$ matching $\\lambda > 0$ is the smaller norm of the penalized solution.',
    value: (v) => (fromT(v) ? undefined : num(v, norm(v.kind, ridge(v.X, v.y, 0).coef))),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const S = sums(v)
  const a = S.G.map((row, j) => row[j])
  const f = solveFit(v)
  const js = a.map((_, j) => j)
  const ols = ridge(v.X, v.y, 0).coef
  const steps: Step[] = [...centeringSteps(v, S)]
  const coordFormula =
    v.kind === 'lasso'
      ? 'w_j(\\lambda) = \\frac{\\operatorname{sign}(c_j)\\max(|c_j| - \\lambda/2,\\ 0)}{a_j}'
      : 'w_j(\\lambda) = \\frac{c_j}{a_j + \\lambda}'
  steps.push({
    title: 'The penalized solution, coordinate by coordinate',
    body:
      (p1(v) ? 'With one feature' : 'The centered columns are orthogonal ($\\tilde x_1^\\top \\tilde x_2 = 0$), so the loss separates into one problem per coordinate;') +
      ` with $a_j = \\tilde x_j^\\top\\tilde x_j$ and $c_j = \\tilde x_j^\\top\\tilde y$: $$${coordFormula}.$$` +
      `Here ${js.map((j) => `$a_{${j + 1}} = ${texFrac(a[j])}$, $c_{${j + 1}} = ${texFrac(S.c[j])}$`).join('; ')}. ` +
      `Least squares ($\\lambda = 0$): $w_{\\mathrm{OLS}} = (${ols.map((x) => texFracApprox(x)).join(',\\ ')})$, with norm $${texFracApprox(norm(v.kind, ols))}$.`,
  })
  const wTex = `(${f.w.map((x) => texFracApprox(x)).join(',\\ ')})`
  if (v.direction === 'from-t') {
    steps.push({
      title: 'Is the constraint active?',
      body: f.active
        ? `$t = ${tTex(v)} ${texValueAfter(tTex(v), tOf(v))}$ is below the least-squares norm, so the solution is on the boundary: $\\|w(\\lambda)\\| = t$ for one $\\lambda > 0$.`
        : `$t = ${tTex(v)} ${texValueAfter(tTex(v), tOf(v))}$ is at least the least-squares norm: $w_{\\mathrm{OLS}}$ is inside the region, so it is the solution, and no penalty is needed: $\\lambda = 0$.`,
    })
    if (f.active) {
      const eq =
        v.kind === 'lasso'
          ? `\\sum_j \\frac{\\max(|c_j| - \\lambda/2, 0)}{a_j} = t`
          : p1(v)
            ? '\\frac{|c_1|}{a_1 + \\lambda} = t'
            : '\\frac{\\|c\\|}{a + \\lambda} = t \\iff \\lambda = \\frac{\\|c\\|}{t} - a'
      steps.push({
        title: 'The matching $\\lambda$',
        body: `Solve $$${eq}$$ for $\\lambda$: $\\lambda ${texEq(f.lambda)}$, and then $w = w(\\lambda) = ${wTex}$ (its norm is $t$).`,
      })
    }
  } else {
    steps.push({
      title: `The solution at $\\lambda = ${v.given}$, and its norm`,
      body: `$w = ${wTex}$. Its norm is $t = ${normTex(v)} ${texEq(f.t)}$: the constrained problem with this $t$ has the same solution, on the boundary of its region, with $\\lambda$ as the multiplier of the constraint.`,
    })
  }
  if (p1(v)) {
    steps.push({
      title: 'The slope against $\\lambda$',
      body: 'Each $t$ below the least-squares norm corresponds to one point of this curve; the marked $\\lambda$ is this problem’s.',
      figure: slopeVsLambda({
        lambdaMax: Math.max(2 * Math.abs(S.c[0]), 1.3 * f.lambda, 1) * 1.2,
        lasso: (l) => lasso(v.X, v.y, l).coef[0],
        ridge: (l) => ridge(v.X, v.y, l).coef[0],
        studentLambda: f.lambda > 0 ? f.lambda : null,
        studentLabel: 'matching λ',
        title: 'Lasso and ridge slopes against λ',
      }),
    })
  } else {
    steps.push({
      title: 'The picture',
      body: `The RSS contours around $w_{\\mathrm{OLS}}$ first touch the ${v.kind === 'lasso' ? 'diamond' : 'disc'} of size $t ${texEq(f.t)}$ at the solution.`,
      figure: constraintGeometry({
        kind: v.kind === 'lasso' ? 'l1' : 'l2',
        t: f.t,
        ols: [ols[0], ols[1]],
        A: [
          [a[0], 0],
          [0, a[1]],
        ],
        solution: [f.w[0], f.w[1]],
        labels: ['w₁', 'w₂'],
        title: `${v.kind === 'lasso' ? 'Lasso' : 'Ridge'} constraint at t ${eqNum(f.t)}`,
      }),
    })
  }
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'constrained-form',
  version: 2,
  topic: 'concepts',
  title: 'Constrained form ↔ penalty: the t and the λ that give the same solution',
  description:
    'One feature or two orthogonal ones, lasso (diamond) or ridge (disc): from t, the constrained solution and its λ (λ = 0 when t is above the least-squares norm); from λ, the solution and its t.',
  params,
  generate,
  intro,
  parts,
  solve,
  mistakes,
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

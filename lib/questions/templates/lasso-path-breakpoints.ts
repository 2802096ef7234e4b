/**
 * The breakpoints of the lasso path with two features, and the order in which the features enter.
 *
 * Loss ||y − Xw − b||²₂ + λ||w||₁, intercept not penalized. With c = X̃ᵀỹ and G = X̃ᵀX̃ the path is piecewise
 * linear (KKT on the active set A with signs s: G_AA w_A = c_A − (λ/2)s_A):
 * - λ ≥ λ₁ = 2|c_a| (a = argmax_j |c_j|): w = 0;
 * - λ₂ ≤ λ < λ₁: only a is active, w_a = (c_a − s_a λ/2)/G_aa, and the other feature k enters when
 *   |g_k(λ)| = |2(c_k − G_ka w_a(λ))| reaches λ;
 * - λ < λ₂: both active, w = G⁻¹(c − λs/2), down to OLS at λ = 0.
 * Variants have a simple path (no coefficient leaves the model again, i.e. the OLS signs are the entry
 * signs) with λ₂ well inside (0, λ₁); the breakpoints are checked against lib/solver's lasso on both sides.
 * Graded values: λ*_j and the order of entry from lib/solver's lassoBreakpoints (the exact homotopy path).
 * The KKT algebra above is this file's own, for choosing variants, the 'uncentered' mistake and the derivation;
 * generate also confirms it against lib/solver's lasso.
 * Reads top to bottom: params → generate → parts → solve → mistakes → grade → derive.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { lasso, lassoBreakpoints, ridge } from '@/lib/solver'
import { DEFAULT_TOLERANCE, scoreAnswer } from '../answers'
import { coefficientPaths } from '../figures/coefficientPaths'
import { texFrac, texNum, texParen, texEq, texVecEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { AnswerKind, Answers, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeringSteps, type Data, dataTable, distinguishable, drawData, sums, swappedComponents } from './shared/multi-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    nMin: z.number().int().min(4).max(15).default(5),
    nMax: z.number().int().min(4).max(15).default(7),
    xMin: z.number().int().min(-10).max(10).default(0),
    xMax: z.number().int().min(-10).max(10).default(6),
    yMin: z.number().int().min(-20).max(20).default(0),
    yMax: z.number().int().min(-20).max(20).default(12),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })
  .refine((p) => p.xMin < p.xMax, { message: 'xMin must be below xMax', path: ['xMin'] })
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })

export type Params = z.infer<typeof params>

export type Variant = Data

const ZERO_AT = 'zeroAt'
const ORDER = 'order'
const FEATURES = ['x₁', 'x₂']
const VECTOR: AnswerKind = { type: 'vector', labels: ['$\\lambda_1^*$ (for $w_1$)', '$\\lambda_2^*$ (for $w_2$)'] }
const ORDER_KIND: AnswerKind = { type: 'order', labels: FEATURES, slotNoun: 'to enter' }

// ── The path, from the KKT conditions ──────────────────────────────────────────────────────────────
export interface Breakpoints {
  /** The feature that enters first (0-based), its sign, and λ₁ = 2|c_a| = λ_max. */
  first: number
  s1: number
  lambda1: number
  /** The λ at which the other feature enters (0 when it never does), and its sign. */
  lambda2: number
  s2: number
}

/** The breakpoints of the two-feature lasso path from G = X̃ᵀX̃ and c = X̃ᵀỹ (see the file comment). */
export function breakpoints(G: number[][], c: number[]): Breakpoints {
  const a = Math.abs(c[0]) >= Math.abs(c[1]) ? 0 : 1
  const k = 1 - a
  const s1 = Math.sign(c[a])
  const lambda1 = 2 * Math.abs(c[a])
  // g_k(λ) = d + ρλ along the one-feature segment; k enters at the largest λ < λ₁ with |g_k(λ)| = λ.
  const d = 2 * (c[k] - (G[k][a] * c[a]) / G[a][a])
  const rho = (s1 * G[k][a]) / G[a][a]
  const candidates = [1 - rho !== 0 ? d / (1 - rho) : Number.NaN, 1 + rho !== 0 ? -d / (1 + rho) : Number.NaN].filter(
    (l) => Number.isFinite(l) && l > 0 && l < lambda1,
  )
  const lambda2 = candidates.length > 0 ? Math.max(...candidates) : 0
  const s2 = lambda2 > 0 ? Math.sign(d + rho * lambda2) : 0
  return { first: a, s1, lambda1, lambda2, s2 }
}

/** w(λ) on the path defined by the breakpoints (exact, piecewise linear). */
export function pathAt(G: number[][], c: number[], bp: Breakpoints, lambda: number): number[] {
  const a = bp.first
  const w = [0, 0]
  if (lambda >= bp.lambda1) return w
  if (lambda >= bp.lambda2) {
    w[a] = (c[a] - (bp.s1 * lambda) / 2) / G[a][a]
    return w
  }
  const s = [0, 0]
  s[a] = bp.s1
  s[1 - a] = bp.s2
  const r = [c[0] - (s[0] * lambda) / 2, c[1] - (s[1] * lambda) / 2]
  const det = G[0][0] * G[1][1] - G[0][1] * G[1][0]
  return [(G[1][1] * r[0] - G[0][1] * r[1]) / det, (G[0][0] * r[1] - G[1][0] * r[0]) / det]
}

/** λ*_j for each coefficient: the λ from which it is 0 for every larger λ. */
const zeroAtOf = (bp: Breakpoints) => {
  const z = [0, 0]
  z[bp.first] = bp.lambda1
  z[1 - bp.first] = bp.lambda2
  return z
}

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const MAX_TRIES = 5000
const DISTINCT_TRIES = 2000
/** λ₂ lies in [λ₁/20, λ₁/1.25]: clearly below λ₁ and clearly above 0. */
const SEPARATION = 1.25

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const d = drawData(rng, p, 2, data)
    const { G, c } = sums(d)
    if (!(G[0][0] * G[1][1] - G[0][1] ** 2 > 0.05 * G[0][0] * G[1][1])) continue
    if (Math.abs(c[0]) === Math.abs(c[1])) continue
    const bp = breakpoints(G, c)
    if (!(bp.lambda2 >= bp.lambda1 / 20 && bp.lambda2 <= bp.lambda1 / SEPARATION)) continue
    // A simple path: the OLS coefficients have the entry signs, so nothing leaves the model below λ₂.
    const ols = ridge(d.X, d.y, 0).coef
    const s = [0, 0]
    s[bp.first] = bp.s1
    s[1 - bp.first] = bp.s2
    if (Math.sign(ols[0]) !== s[0] || Math.sign(ols[1]) !== s[1]) continue
    if (!solverAgrees(d, bp)) continue
    if (attempt < DISTINCT_TRIES && !distinguishable(mistakes, d, ZERO_AT, VECTOR)) continue
    return d
  }
  throw new Error('lasso-path-breakpoints: could not draw data with a simple two-feature path in the given ranges')
}

/** lib/solver's lasso just above and below each breakpoint has the zero pattern the breakpoints say. */
function solverAgrees(d: Data, bp: Breakpoints): boolean {
  const zeros = (l: number) => lasso(d.X, d.y, l).coef.map((w) => w === 0)
  const k = 1 - bp.first
  const above1 = zeros(bp.lambda1 * 1.01)
  const below1 = zeros(bp.lambda1 * 0.99)
  const above2 = zeros(bp.lambda2 * 1.01)
  const below2 = zeros(bp.lambda2 * 0.99)
  return above1[0] && above1[1] && !below1[bp.first] && below1[k] && !above2[bp.first] && above2[k] && !below2[0] && !below2[1]
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `The lasso with two features is fitted to the ${v.y.length} samples below for every $\\lambda \\ge 0$. It minimizes` +
      '$$L(w, b) = \\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1 = \\sum_{i=1}^{n}\\left(y_i - w_1 x_{i1} - w_2 x_{i2} - b\\right)^2 + \\lambda\\left(|w_1| + |w_2|\\right),$$' +
      'with the intercept $b$ not penalized. For large $\\lambda$ both coefficients are $0$; as $\\lambda$ decreases, the features enter the model one at a time.',
    table: dataTable(v),
  }
}

function parts(): PartSpec[] {
  return [
    {
      id: ZERO_AT,
      prompt:
        'For each coefficient, find $\\lambda_j^*$: the smallest $\\lambda$ such that $w_j = 0$ for every $\\lambda \\ge \\lambda_j^*$.',
      answer: VECTOR,
      points: 2,
    },
    {
      id: ORDER,
      prompt: 'In which order do the features enter the model as $\\lambda$ decreases from $\\lambda_{\\max}$ to $0$? First to enter first.',
      answer: ORDER_KIND,
      points: 1,
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
const bpOf = (v: Variant) => {
  const { G, c } = sums(v)
  return breakpoints(G, c)
}

/**
 * Both from lib/solver's lassoBreakpoints: λ*_j is the largest breakpoint at which feature j enters (λ₁ = λ_max
 * for the first one), and the order of entry is that of the breakpoints (one feature enters at each here).
 */
function solve(v: Variant): Answers {
  const path = lassoBreakpoints(v.X, v.y)
  const order = [...new Set(path.breakpoints.flatMap((b) => b.entering))]
  return { [ZERO_AT]: [...path.lambdaStar], [ORDER]: order.map((j) => FEATURES[j]) }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
function unlessCorrect(v: Variant, z: number[]): number[] | undefined {
  if (!z.every(Number.isFinite)) return undefined
  return scoreAnswer(VECTOR, z, solve(v)[ZERO_AT] as number[], DEFAULT_TOLERANCE) === 1 ? undefined : z
}

/** Features ordered by the size of their OLS coefficients, largest first. */
function olsOrder(v: Variant): string[] {
  const ols = ridge(v.X, v.y, 0).coef
  return Math.abs(ols[0]) >= Math.abs(ols[1]) ? [...FEATURES] : [FEATURES[1], FEATURES[0]]
}

const sameOrder = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i])

const mistakes: Misconception<Variant>[] = [
  {
    id: 'marginal',
    part: ZERO_AT,
    label: 'Used each feature’s own threshold $2|\\tilde x_j^\\top \\tilde y|$',
    description:
      '$2|\\tilde x_j^\\top \\tilde y|$ is where feature $j$ would enter if it were alone. Once the first feature is in the model, the second one competes with the residual: it enters when $|2\\tilde x_k^\\top(\\tilde y - \\tilde x_a w_a(\\lambda))| = \\lambda$.',
    value: (v) => unlessCorrect(v, sums(v).c.map((cj) => 2 * Math.abs(cj))),
  },
  {
    id: 'no-factor-2',
    part: ZERO_AT,
    label: 'Left out the factor 2',
    description:
      'With the penalty $\\lambda\\|w\\|_1$ the KKT conditions read $2\\tilde x_j^\\top(\\tilde y - \\tilde X w) = \\lambda\\operatorname{sign}(w_j)$: the 2 from the squared error stays, so every breakpoint is twice the value without it.',
    value: (v) => unlessCorrect(v, (solve(v)[ZERO_AT] as number[]).map((z) => z / 2)),
  },
  {
    id: 'uncentered',
    part: ZERO_AT,
    label: 'Did not center the data',
    description: 'The intercept is fitted and not penalized, so the path depends on the centered $\\tilde X^\\top \\tilde X$ and $\\tilde X^\\top \\tilde y$, not on the raw $X^\\top X$ and $X^\\top y$.',
    value: (v) => {
      const G = [0, 1].map((j) => [0, 1].map((k) => v.X.reduce((a, r) => a + r[j] * r[k], 0)))
      const c = [0, 1].map((j) => v.X.reduce((a, r, i) => a + r[j] * v.y[i], 0))
      return unlessCorrect(v, zeroAtOf(breakpoints(G, c)))
    },
  },
  swappedComponents(
    ZERO_AT,
    'Swapped $\\lambda_1^*$ and $\\lambda_2^*$',
    '$\\lambda_1^*$ is the breakpoint at which $w_1$ (the coefficient of $x_1$) becomes nonzero, $\\lambda_2^*$ the one of $w_2$: the feature that enters first has the larger breakpoint, whichever it is.',
    (v) => solve(v)[ZERO_AT] as number[],
    unlessCorrect,
  ),
  {
    id: 'order-by-ols',
    part: ORDER,
    label: 'Ordered by the size of the OLS coefficients',
    description:
      'The first feature to enter is the one with the largest $|\\tilde x_j^\\top \\tilde y|$: its KKT bound $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$ fails first as $\\lambda$ decreases. That is not the one with the largest coefficient at $\\lambda = 0$, and, as the features are not standardized, not necessarily the one most correlated with $\\tilde y$ either.',
    value: (v) => (sameOrder(olsOrder(v), solve(v)[ORDER] as string[]) ? undefined : olsOrder(v)),
  },
  {
    id: 'reversed',
    part: ORDER,
    label: 'Gave the order in which the coefficients become zero as $\\lambda$ grows',
    description: 'As $\\lambda$ decreases from $\\lambda_{\\max}$, the feature with the largest $|\\tilde x_j^\\top \\tilde y|$ enters first; it is the last one to become zero as $\\lambda$ grows.',
    // With two features the reversed order is the OLS order when that one is wrong: diagnosed as order-by-ols then.
    value: (v) => (sameOrder(olsOrder(v), solve(v)[ORDER] as string[]) ? [...(solve(v)[ORDER] as string[])].reverse() : undefined),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
const $ = (tex: string) => `$${tex}$`

function studentComment(v: Variant, s: Submission, part: string): string | null {
  const value = s[part]
  if (value === undefined) return null
  const g = template.grade(v, s).parts[part]
  if (!g) return null
  const shown = Array.isArray(value) ? value.map((x) => (typeof x === 'number' ? $(texNum(x)) : x)).join(', ') : String(value)
  const yours = `Your answer (${shown})`
  if (g.correct) return `${yours} is right.`
  const m = mistakes.find((k) => k.id === g.diagnosis)
  if (m) return `${yours} is what you get if you: ${m.label.charAt(0).toLowerCase()}${m.label.slice(1)}. ${m.description}`
  return `${yours} is not right; compare it with the steps above.`
}

/**
 * Why the second feature enters where it does, compared with its own threshold 2|x̃_kᵀỹ|: later when feature a's
 * fit has taken over part of what x_k explained, earlier when that fit left a residual better aligned with x_k.
 */
function ownThresholdSentence(lambda2: number, own: number, A: number, K: number): string {
  if (Math.abs(lambda2 - own) <= 1e-9 * own) return 'the same value: feature ' + A + '’s fit leaves feature ' + K + '’s correlation with the residual as it was.'
  if (lambda2 < own)
    return `feature ${K} enters later (at a smaller $\\lambda$) than alone, because feature ${A}, already in the model, has explained part of $\\tilde y$ that $x_{${K}}$ would explain: the residual is less aligned with $\\tilde x_{${K}}$ than $\\tilde y$ is.`
  return `feature ${K} enters earlier (at a larger $\\lambda$) than alone: the part of $\\tilde y$ that feature ${A} explains was hiding $x_{${K}}$’s effect, so the residual is more aligned with $\\tilde x_{${K}}$ than $\\tilde y$ is.`
}

function derive(v: Variant, s?: Submission): Step[] {
  const S = sums(v)
  const { G, c } = S
  const bp = bpOf(v)
  const a = bp.first
  const k = 1 - a
  const A = a + 1
  const K = k + 1
  const d = 2 * (c[k] - (G[k][a] * c[a]) / G[a][a])
  const rho = (bp.s1 * G[k][a]) / G[a][a]
  const ols = ridge(v.X, v.y, 0).coef
  const olsDet = G[0][0] * G[1][1] - G[0][1] * G[0][1]
  const zeroAt = solve(v)[ZERO_AT] as number[]
  const sgn = (x: number) => (x > 0 ? '+' : '-')
  const steps: Step[] = [
    ...centeringSteps(v, S),
    {
      title: 'The first feature enters at $\\lambda_{\\max}$',
      body:
        'At $w = 0$ the KKT conditions are $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$. As $\\lambda$ decreases, the first one to fail is the feature with the largest $|\\tilde x_j^\\top \\tilde y|$: ' +
        `$$|2\\tilde x_1^\\top \\tilde y| = ${texFrac(Math.abs(2 * c[0]))}, \\qquad |2\\tilde x_2^\\top \\tilde y| = ${texFrac(Math.abs(2 * c[1]))},$$` +
        `so feature ${A} enters first, at $\\lambda_{${A}}^* = \\lambda_{\\max} ${texEq(bp.lambda1)}$, with the sign of $\\tilde x_{${A}}^\\top \\tilde y$ ($${sgn(bp.s1)}$).`,
    },
    {
      title: `Only feature ${A} active`,
      body:
        `For $\\lambda$ just below $\\lambda_{\\max}$, $w_{${K}} = 0$ and the KKT equation of feature ${A}, $2\\tilde x_{${A}}^\\top(\\tilde y - \\tilde x_{${A}} w_{${A}}) = ${sgn(bp.s1)}\\lambda$, gives ` +
        `$$w_{${A}}(\\lambda) = \\frac{\\tilde x_{${A}}^\\top \\tilde y ${bp.s1 > 0 ? '-' : '+'} \\lambda/2}{\\tilde x_{${A}}^\\top \\tilde x_{${A}}} = \\frac{${texFrac(c[a])} ${bp.s1 > 0 ? '-' : '+'} \\lambda/2}{${texFrac(G[a][a])}}.$$` +
        `Feature ${K}’s correlation with the residual is then linear in $\\lambda$: ` +
        `$$g_{${K}}(\\lambda) = 2\\tilde x_{${K}}^\\top(\\tilde y - \\tilde x_{${A}} w_{${A}}(\\lambda)) = ${texFrac(d)} ${rho >= 0 ? '+' : '-'} ${texFrac(Math.abs(rho))}\\,\\lambda.$$`,
    },
    {
      title: `Feature ${K} enters`,
      body:
        `It stays out while $|g_{${K}}(\\lambda)| \\le \\lambda$ and enters where $|g_{${K}}(\\lambda)| = \\lambda$ first happens as $\\lambda$ decreases, that is at the largest solution below $\\lambda_{\\max}$ of ` +
        `$g_{${K}}(\\lambda) = \\pm\\lambda$: $$\\lambda_{${K}}^* ${texEq(bp.lambda2)}$$ (there $g_{${K}} = ${bp.s2 > 0 ? '+' : '-'}\\lambda$, so $w_{${K}}$ enters with sign $${sgn(bp.s2)}$). ` +
        `Compare with feature ${K}’s own threshold $2|\\tilde x_{${K}}^\\top \\tilde y| = ${texFrac(2 * Math.abs(c[k]))}$, where it would enter alone: ${ownThresholdSentence(bp.lambda2, 2 * Math.abs(c[k]), A, K)}`,
    },
    {
      title: 'Both active, down to OLS',
      body:
        `Below $\\lambda_{${K}}^*$ both coefficients solve $\\tilde X^\\top \\tilde X\\, w = \\tilde X^\\top \\tilde y - \\tfrac{\\lambda}{2}s$, linear in $\\lambda$, and reach the OLS solution at $\\lambda = 0$, ` +
        `$$w_{\\text{OLS}} = (\\tilde X^\\top \\tilde X)^{-1}\\tilde X^\\top \\tilde y = \\frac{1}{${texFrac(olsDet)}}\\begin{pmatrix} ${texFrac(G[1][1])} \\cdot ${texParen(texFrac(c[0]))} - ${texParen(texFrac(G[0][1]))} \\cdot ${texParen(texFrac(c[1]))} \\\\ ${texFrac(G[0][0])} \\cdot ${texParen(texFrac(c[1]))} - ${texParen(texFrac(G[0][1]))} \\cdot ${texParen(texFrac(c[0]))} \\end{pmatrix} ${texVecEq(ols)}$$` +
        `(determinant $${texFrac(G[0][0])} \\cdot ${texFrac(G[1][1])} - ${texParen(texFrac(G[0][1]))}^2 = ${texFrac(olsDet)}$), with the signs the features entered with, so no coefficient returns to $0$. ` +
        `So $\\lambda_1^* ${texEq(zeroAt[0])}$, $\\lambda_2^* ${texEq(zeroAt[1])}$, and the order of entry is ${FEATURES[a]}, then ${FEATURES[k]}.`,
      figure: coefficientPaths({
        lambdaMax: 1.15 * bp.lambda1,
        paths: [0, 1].map((j) => ({ label: `w${j === 0 ? '₁' : '₂'}`, coef: (l: number) => pathAt(G, c, bp, l)[j] })),
        breakpoints: [bp.lambda2, bp.lambda1],
        title: 'Lasso coefficient paths for these data',
      }),
    },
  ]
  const comments = s ? [ZERO_AT, ORDER].map((p) => studentComment(v, s, p)).filter((x): x is string => x !== null) : []
  if (comments.length > 0) steps.push({ title: 'Your answers', body: comments.join('\n\n') })
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'lasso-path-breakpoints',
  version: 3,
  topic: 'multi-feature',
  title: 'Breakpoints of the lasso path',
  description:
    'Two features: the λ at which each coefficient becomes zero (from the piecewise-linear path, by KKT on the active set) and the order in which the features enter as λ decreases.',
  params,
  generate,
  dataSlot: { features: () => 2 },
  intro,
  parts,
  solve,
  mistakes,
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

/**
 * Which lasso coefficients are exactly zero, with two or three features, and λ_max.
 *
 * Loss ||y − Xw − b||²₂ + λ||w||₁ (penalty λ|w_j|, intercept not penalized). KKT on centered data:
 * 2x̃_jᵀ(ỹ − X̃w) = λ·sign(w_j) where w_j ≠ 0 and |2x̃_jᵀ(ỹ − X̃w)| ≤ λ where w_j = 0;
 * λ_max = max_j |2x̃_jᵀỹ|. The variant's λ leaves at least one coefficient at 0 and at least one not, and is
 * well away from the path's breakpoints (the pattern is the same at 0.85λ and 1.15λ). Where possible the
 * marginal test |2x̃_jᵀỹ| ≤ λ gives the wrong pattern (correlated features), so it can be diagnosed.
 * The sparsity part gets partial credit per coefficient.
 * Reads top to bottom: params → generate → parts → solve → mistakes → grade → derive.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { lasso, lassoLambdaMax, ridge } from '@/lib/solver'
import { DEFAULT_TOLERANCE, scoreSparsity, withinTolerance } from '../answers'
import { constraintGeometry } from '../figures'
import Fraction from 'fraction.js'
import { asFraction, texEq, texEqNum, texFrac, texNum, texParen, texVecEq } from '../format'
import { FEEDBACK, gradeWithMisconceptions } from '../grading'
import type { AnswerKind, Answers, GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeringSteps, type Data, dataTable, distinguishable, drawData, type Sums, sums } from './shared/multi-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    /** Number of features. */
    p: z.number().int().min(2).max(3).default(3),
    nMin: z.number().int().min(4).max(15).default(5),
    nMax: z.number().int().min(4).max(15).default(7),
    xMin: z.number().int().min(-10).max(10).default(0),
    xMax: z.number().int().min(-10).max(10).default(6),
    yMin: z.number().int().min(-20).max(20).default(0),
    yMax: z.number().int().min(-20).max(20).default(12),
    /** Prefer data where the marginal test |2x̃_jᵀỹ| ≤ λ gets the pattern wrong (correlated features). */
    preferMarginalTrap: z.boolean().default(true),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })
  .refine((p) => p.xMin < p.xMax, { message: 'xMin must be below xMax', path: ['xMin'] })
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })

export type Params = z.infer<typeof params>

export interface Variant extends Data {
  lambda: number
}

const ZEROS = 'zeros'
const LMAX = 'lambdaMax'
const SUB = ['₁', '₂', '₃']
/** Plain-text labels of the coefficients (the values a sparsity answer is made of). */
export const labelsOf = (p: number) => Array.from({ length: p }, (_, j) => `w${SUB[j]}`)
const kindOf = (v: Variant): AnswerKind => ({ type: 'sparsity', labels: labelsOf(v.X[0].length) })

/** The variant's λ is at least this factor away from every breakpoint of the path. */
const MARGIN = 1.15

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const MAX_TRIES = 3000
const TRAP_TRIES = 300
const DISTINCT_TRIES = 1000

/** The zero set of the lasso at λ, through lib/solver. */
function zeroSet(d: Data, lambda: number): string[] {
  const w = lasso(d.X, d.y, lambda).coef
  return labelsOf(w.length).filter((_, j) => w[j] === 0)
}

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const d = drawData(rng, p, p.p, data)
    const { G } = sums(d)
    if (G.some((row, k) => !(row[k] > 0))) continue
    // Two features: not nearly collinear, so the OLS point of the figure exists.
    if (p.p === 2 && !(G[0][0] * G[1][1] - G[0][1] ** 2 > 0.05 * G[0][0] * G[1][1])) continue
    const lamMax = lassoLambdaMax(d.X, d.y)
    const lo = Math.ceil(0.1 * lamMax)
    const hi = Math.floor(lamMax / MARGIN)
    if (!(lo >= 1 && hi > lo)) continue
    const v: Variant = { ...d, lambda: rng.int(lo, hi) }
    const zeros = zeroSet(v, v.lambda)
    if (zeros.length === 0 || zeros.length === p.p) continue
    // With two features a wrong marginal test always says "nothing is zero" (the ridge answer), so only three can trap it.
    if (p.preferMarginalTrap && p.p === 3 && attempt < TRAP_TRIES && sameSet(marginalZeros(v), zeros)) continue
    // Well away from breakpoints: the same pattern a factor MARGIN on each side.
    const same = (l: number) => sameSet(zeroSet(v, l), zeros)
    if (!same(v.lambda / MARGIN) || !same(v.lambda * MARGIN)) continue
    if (attempt < DISTINCT_TRIES && !(distinguishable(mistakes, v, ZEROS, kindOf(v)) && distinguishable(mistakes, v, LMAX, { type: 'number' })))
      continue
    return v
  }
  throw new Error('lasso-2d-sparsity: could not draw data with a partly sparse lasso solution in the given ranges')
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x))

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  const p = v.X[0].length
  return {
    statement:
      `The lasso with ${p} features is fitted to the ${v.y.length} samples below. It minimizes` +
      `$$L(w, b) = \\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1 = \\sum_{i=1}^{n}\\Big(y_i - \\sum_{j=1}^{${p}} w_j x_{ij} - b\\Big)^2 + \\lambda\\sum_{j=1}^{${p}} |w_j|$$` +
      `with $\\lambda = ${v.lambda}$. The intercept $b$ is not penalized and the features are not standardized.`,
    table: dataTable(v),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    {
      id: ZEROS,
      prompt: `Which coefficients are exactly $0$ at $\\lambda = ${v.lambda}$? Select all that are zero (none, if no coefficient is zero).`,
      answer: kindOf(v),
      points: 2,
    },
    {
      id: LMAX,
      prompt: 'Find $\\lambda_{\\max}$, the smallest $\\lambda$ at which every coefficient is exactly $0$.',
      answer: { type: 'number' },
      points: 1,
      label: '$\\lambda_{\\max} =$',
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function solve(v: Variant): Answers {
  return { [ZEROS]: zeroSet(v, v.lambda), [LMAX]: lassoLambdaMax(v.X, v.y) }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
/** The marginal test: w_j = 0 iff |2x̃_jᵀỹ| ≤ λ, as if each feature were alone. */
function marginalZeros(v: Variant): string[] {
  const { c } = sums(v)
  return labelsOf(c.length).filter((_, j) => Math.abs(2 * c[j]) <= v.lambda)
}

function unlessCorrectSet(v: Variant, set: string[]): string[] | undefined {
  return sameSet(set, solve(v)[ZEROS] as string[]) ? undefined : set
}

/** The value, unless it is not finite, right, or 0 (a λ_max of 0 is no method: it would be named wrongly). */
function unlessCorrectNumber(v: Variant, x: number): number | undefined {
  if (!Number.isFinite(x)) return undefined
  if (withinTolerance(x, solve(v)[LMAX] as number, DEFAULT_TOLERANCE)) return undefined
  return withinTolerance(x, 0, DEFAULT_TOLERANCE) ? undefined : x
}

const mistakes: Misconception<Variant>[] = [
  {
    id: 'marginal-test',
    part: ZEROS,
    label: 'Tested each feature on its own',
    description:
      'The test $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$ is right only for one feature (or orthogonal features). With correlated features the condition is on the residual of the fit: ' +
      '$w_j = 0$ exactly when $|2\\tilde x_j^\\top(\\tilde y - \\tilde X w)| \\le \\lambda$, with the other coefficients at their lasso values.',
    // An empty marginal set is the answer "nothing is zero", diagnosed as ridge-none.
    value: (v) => (marginalZeros(v).length === 0 ? undefined : unlessCorrectSet(v, marginalZeros(v))),
  },
  {
    id: 'ridge-none',
    part: ZEROS,
    label: 'Answered as for ridge: nothing is zero',
    description:
      'Ridge only shrinks, but the lasso’s penalty $\\lambda|w_j|$ pulls with constant force: a coefficient whose data pull $|2\\tilde x_j^\\top r|$ is at most $\\lambda$ is exactly $0$.',
    value: (v) => unlessCorrectSet(v, []),
  },
  {
    id: 'complement',
    part: ZEROS,
    label: 'Marked the nonzero coefficients',
    description: 'The question asks for the coefficients that are exactly $0$; the selected ones should be those with $w_j = 0$.',
    value: (v) => unlessCorrectSet(v, labelsOf(v.X[0].length).filter((l) => !(solve(v)[ZEROS] as string[]).includes(l))),
  },
  {
    id: 'no-factor-2',
    part: LMAX,
    label: 'Left out the factor 2',
    description:
      'With the penalty $\\lambda\\|w\\|_1$, the KKT condition at $w = 0$ is $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$: the 2 comes from differentiating the squared error, so $\\lambda_{\\max} = \\max_j |2\\tilde x_j^\\top \\tilde y|$.',
    value: (v) => unlessCorrectNumber(v, Math.max(...sums(v).c.map(Math.abs))),
  },
  {
    id: 'uncentered',
    part: LMAX,
    label: 'Did not center the data',
    description: 'Because the intercept is fitted and not penalized, $\\lambda_{\\max}$ uses the centered $\\tilde x_j$ and $\\tilde y$, not the raw $x_j^\\top y$.',
    value: (v) => unlessCorrectNumber(v, Math.max(...v.X[0].map((_, j) => Math.abs(2 * v.X.reduce((a, row, i) => a + row[j] * v.y[i], 0))))),
  },
  {
    id: 'min-not-max',
    part: LMAX,
    label: 'Took the smallest $|2\\tilde x_j^\\top \\tilde y|$',
    description: 'Every coefficient must be zero, so $\\lambda$ must beat the strongest feature: $\\lambda_{\\max}$ is the largest $|2\\tilde x_j^\\top \\tilde y|$, not the smallest.',
    value: (v) => unlessCorrectNumber(v, Math.min(...sums(v).c.map((cj) => Math.abs(2 * cj)))),
  },
]

// ── Grade ──────────────────────────────────────────────────────────────────────────────────────────
/** The default grade, with per-coefficient partial credit on the sparsity part. */
function grade(v: Variant, s: Submission, opts?: GradeOptions) {
  const g = gradeWithMisconceptions(template, v, s, opts)
  const part = g.parts[ZEROS]
  const sub = s[ZEROS]
  if (part && !part.correct && Array.isArray(sub) && sub.every((x) => typeof x === 'string')) {
    part.score = scoreSparsity(sub as string[], solve(v)[ZEROS] as string[], labelsOf(v.X[0].length))
    if (part.diagnosis === null && part.score > 0) part.feedback = FEEDBACK.partial
    const ps = parts(v)
    const total = ps.reduce((a, p) => a + p.points, 0)
    g.score = ps.reduce((a, p) => a + p.points * (g.parts[p.id]?.score ?? 0), 0) / total
  }
  return g
}

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
const $ = (tex: string) => `$${tex}$`

function studentComment(v: Variant, s: Submission, part: string): string | null {
  const value = s[part]
  if (value === undefined) return null
  const g = grade(v, s).parts[part]
  if (!g) return null
  const shown = Array.isArray(value) ? (value.length === 0 ? 'no coefficient' : value.join(', ')) : $(texNum(value as number))
  const yours = `Your answer (${shown})`
  if (g.correct) return `${yours} is right.`
  const m = mistakes.find((k) => k.id === g.diagnosis)
  if (m) return `${yours} is what you get if you: ${m.label.charAt(0).toLowerCase()}${m.label.slice(1)}. ${m.description}`
  return `${yours} is not right; compare it with the steps above.`
}

/** An exact value: `\frac{12}{7} \approx 1.7143`, `\frac{9}{2} = 4.5` or `3`. */
const exactTex = (f: Fraction) => (f.d === 1n ? f.toLatex() : `${f.toLatex()} ${texEqNum(f.valueOf())}`)

/**
 * The solution derived from the KKT conditions with this variant's numbers: the nonzero coefficients (with the
 * solution's signs) solve linear equations, exactly in fractions; each zero one is checked with |g_j| ≤ λ.
 * With data that are not simple fractions, the same steps in decimals, marked ≈.
 */
function solutionSteps(v: Variant, S: Sums, w: number[]): Step[] {
  const lam = v.lambda
  const js = Array.from({ length: S.p }, (_, j) => j)
  const active = js.filter((j) => w[j] !== 0)
  const zero = js.filter((j) => w[j] === 0)
  const frac = (x: number) => asFraction(x, 10_000)
  const G = S.G.map((row) => row.map(frac))
  const c = S.c.map(frac)
  const half = new Fraction(lam).div(2)
  const exact = G.every((row) => row.every((x) => x !== null)) && c.every((x) => x !== null)
  // Right-hand sides c_j − (λ/2)·sign(w_j), and the nonzero coefficients solving G_AA w_A = r_A.
  const sign = (j: number) => (w[j] > 0 ? 1 : -1)
  const W: (Fraction | null)[] = js.map(() => new Fraction(0))
  if (exact) {
    const g = (j: number, k: number) => G[j][k] as Fraction
    const r = (j: number) => (c[j] as Fraction).sub(half.mul(sign(j)))
    if (active.length === 1) W[active[0]] = r(active[0]).div(g(active[0], active[0]))
    else {
      const [j, k] = active
      const det = g(j, j).mul(g(k, k)).sub(g(j, k).mul(g(k, j)))
      W[j] = g(k, k).mul(r(j)).sub(g(j, k).mul(r(k))).div(det)
      W[k] = g(j, j).mul(r(k)).sub(g(k, j).mul(r(j))).div(det)
    }
  } else for (const j of js) W[j] = null
  const valueTex = (j: number) => (W[j] ? exactTex(W[j] as Fraction) : `\\approx ${texNum(w[j])}`)
  const wj = (j: number) => `w_{${j + 1}}`
  const rhs = (j: number) => `${texFrac(S.c[j])} ${sign(j) > 0 ? '-' : '+'} ${texFrac(lam / 2)}`
  const equations =
    active.length === 1
      ? (() => {
          const j = active[0]
          return `$$2\\left(${texFrac(S.c[j])} - ${texFrac(S.G[j][j])}\\,${wj(j)}\\right) = ${sign(j) > 0 ? '' : '-'}${lam} \\iff ${wj(j)} = \\frac{${rhs(j)}}{${texFrac(S.G[j][j])}} ${W[j] ? `= ${exactTex(W[j] as Fraction)}` : `\\approx ${texNum(w[j])}`}.$$`
        })()
      : (() => {
          const [j, k] = active
          const row = (a: number) => `${texFrac(S.G[a][j])}\\,${wj(j)} ${S.G[a][k] < 0 ? '-' : '+'} ${texFrac(Math.abs(S.G[a][k]))}\\,${wj(k)} = ${rhs(a)}`
          return `$$\\begin{aligned} ${row(j)} \\\\ ${row(k)} \\end{aligned}$$ Solving these two linear equations (Cramer's rule): $${wj(j)} ${W[j] ? `= ${valueTex(j)}` : valueTex(j)}$, $${wj(k)} ${W[k] ? `= ${valueTex(k)}` : valueTex(k)}$. `
        })()
  const names = (set: number[]) => set.map((j) => `$${wj(j)}$`).join(' and ')
  const gTex = (j: number) => {
    const terms = active.map((k) => `${texParen(texFrac(S.G[j][k]))} \\cdot ${texParen(W[k] ? (W[k] as Fraction).toLatex() : texNum(w[k]))}`).join(' - ')
    const gj = W.every((x) => x !== null) ? (c[j] as Fraction).sub(active.reduce((acc, k) => acc.add((G[j][k] as Fraction).mul(W[k] as Fraction)), new Fraction(0))).mul(2) : null
    const value = gj ? `= ${exactTex(gj)}` : `\\approx ${texNum(2 * (S.c[j] - active.reduce((acc, k) => acc + S.G[j][k] * w[k], 0)))}`
    const abs = gj ? gj.abs().valueOf() : Math.abs(2 * (S.c[j] - active.reduce((acc, k) => acc + S.G[j][k] * w[k], 0)))
    return `$$g_{${j + 1}} = 2\\left(${texFrac(S.c[j])} - ${terms}\\right) ${value}, \\qquad |g_{${j + 1}}| ${abs <= lam ? '\\le' : '>'} \\lambda = ${lam}.$$`
  }
  const vector = W.every((x) => x !== null && x.d <= 1000n) ? texVecEq(W.map((x) => (x as Fraction).valueOf())) : `\\approx \\left(${w.map((x) => texNum(x)).join(',\\ ')}\\right)`
  const signWord = (j: number) => `$${wj(j)} ${w[j] > 0 ? '> 0' : '< 0'}$`
  return [
    {
      title: `The lasso solution at $\\lambda = ${lam}$`,
      body:
        'With $g_j = 2\\tilde x_j^\\top(\\tilde y - \\tilde X w)$, the optimality (KKT) conditions are: a nonzero $w_j$ has $g_j = \\lambda\\operatorname{sign}(w_j)$, and a zero one has $|g_j| \\le \\lambda$ (soft-thresholding leaves $w_j$ at 0 exactly when the pull on it is at most $\\lambda$). ' +
        'The loss is convex, so a $w$ that meets them is the solution. Choose which coefficients are nonzero and their signs, solve the equalities for them, then check the others; ' +
        `the choice that passes here is ${active.map(signWord).join(' and ')}, with ${names(zero)} $= 0$. ` +
        `For the nonzero ${active.length === 1 ? 'one' : 'ones'}, $g_j = \\lambda\\operatorname{sign}(w_j)$ with the others at 0 reads:${equations}` +
        `${active.length === 1 ? 'Its sign is the one' : 'Their signs are the ones'} assumed.`,
    },
    {
      title: 'Check the zero coefficients',
      table: {
        columns: ['$j$', '$w_j$', '$g_j$', '$|2\\tilde x_j^\\top \\tilde y|$ (marginal)'],
        rows: js.map((j) => [
          j + 1,
          $(W[j] ? (W[j] as Fraction).toLatex() : texNum(w[j])),
          $(w[j] !== 0 ? `${sign(j) > 0 ? '' : '-'}${lam}` : texNum(2 * (S.c[j] - active.reduce((acc, k) => acc + S.G[j][k] * w[k], 0)))),
          $(texFrac(Math.abs(2 * S.c[j]))),
        ]),
      },
      body: `${zero.map(gTex).join('')}So ${names(zero)} ${zero.length === 1 ? 'stays' : 'stay'} at exactly 0, and $w ${vector}$${vector.includes('\\approx') ? ' (decimals rounded to 4 places)' : ''} is the lasso solution.`,
    },
  ]
}

function derive(v: Variant, s?: Submission): Step[] {
  const S = sums(v)
  const p = S.p
  const lam = v.lambda
  const js = Array.from({ length: p }, (_, j) => j)
  const w = lasso(v.X, v.y, lam).coef
  const lamMax = solve(v)[LMAX] as number
  const jMax = js.reduce((best, j) => (Math.abs(S.c[j]) > Math.abs(S.c[best]) ? j : best), 0)
  const marginal = marginalZeros(v)
  const zeros = solve(v)[ZEROS] as string[]
  const labels = labelsOf(p)
  const steps: Step[] = [
    ...centeringSteps(v, S),
    {
      title: '$\\lambda_{\\max}$',
      body:
        'At $w = 0$ the residual is $\\tilde y$, and $w = 0$ is optimal when $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$ for every $j$ (the subgradient of $|w_j|$ at 0 is $[-1, 1]$). So ' +
        `$$\\lambda_{\\max} = \\max_j |2\\tilde x_j^\\top \\tilde y| = \\max\\left(${js.map((j) => texFrac(Math.abs(2 * S.c[j]))).join(',\\ ')}\\right) ${texEq(lamMax)},$$` +
        `reached by feature ${jMax + 1}.`,
    },
    ...solutionSteps(v, S, w),
    {
      title: 'The zero coefficients',
      body:
        `Exactly zero at $\\lambda = ${lam}$: ${zeros.join(', ')}. ` +
        (sameSet(marginal, zeros)
          ? 'Here the marginal test $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$ happens to give the same answer, but it is not the condition in general: with correlated features what counts is the correlation with the residual of the fit.'
          : `The marginal test $|2\\tilde x_j^\\top \\tilde y| \\le \\lambda$ would say ${marginal.length === 0 ? 'no coefficient' : marginal.join(', ')}: wrong here, because the features are correlated and the condition is on the residual $\\tilde y - \\tilde X w$, not on $\\tilde y$.`),
    },
  ]
  if (p === 2) {
    const ols = ridge(v.X, v.y, 0).coef
    steps.push({
      title: 'The picture',
      body: `In the constrained form, the lasso solution is where the RSS ellipses around the OLS point $(${texNum(ols[0])}, ${texNum(ols[1])})$ first touch the diamond $|w_1| + |w_2| \\le t$, here with $t ${texEq(Math.abs(w[0]) + Math.abs(w[1]))}$: at a corner, on an axis.`,
      figure: constraintGeometry({
        kind: 'l1',
        t: Math.abs(w[0]) + Math.abs(w[1]),
        ols: [ols[0], ols[1]],
        A: [
          [S.G[0][0], S.G[0][1]],
          [S.G[1][0], S.G[1][1]],
        ],
        solution: [w[0], w[1]],
        labels: [labels[0], labels[1]],
        title: `Lasso, λ = ${lam}: the RSS contours touch the diamond at a corner`,
      }),
    })
  }
  const comments = s ? [ZEROS, LMAX].map((part) => studentComment(v, s, part)).filter((x): x is string => x !== null) : []
  if (comments.length > 0) steps.push({ title: 'Your answers', body: comments.join('\n\n') })
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'lasso-2d-sparsity',
  version: 3,
  topic: 'multi-feature',
  title: 'Which lasso coefficients are exactly zero',
  description:
    'Two or three correlated features: the set of coefficients that are exactly 0 at a given λ (partial credit per coefficient) and λ_max = max_j |2x̃_jᵀỹ|.',
  params,
  generate,
  dataSlot: { features: (p: Params) => p.p },
  intro,
  parts,
  solve,
  mistakes,
  grade,
  derive,
}

export default template

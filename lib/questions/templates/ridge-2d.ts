/**
 * Ridge on two features: the 2×2 closed form.
 *
 * Loss ||y − Xw − b||²₂ + λ||w||²₂, intercept b not penalized. Centering removes b: w = (X̃ᵀX̃ + λI)⁻¹X̃ᵀỹ,
 * then b = ȳ − x̄ᵀw. Small integer data, so the derivation shows exact fractions.
 * Reads top to bottom: params → generate → parts → solve → mistakes → grade → derive.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { neumaierSum, ridge } from '@/lib/solver'
import { scoreAnswer, withinTolerance } from '../answers'
import { constraintGeometry } from '../figures'
import { asFraction, texEq, texEqNum, texFrac, texNum, texParen, texVecEq } from '../format'
import { carriedForwardComment, gradeWithMisconceptions } from '../grading'
import type { AnswerKind, Answers, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeringSteps, dataTable, distinguishable, drawData, solve2, sums, swappedComponents, wLabels, type Data } from './shared/multi-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    nMin: z.number().int().min(4).max(20).default(4),
    nMax: z.number().int().min(4).max(20).default(6),
    xMin: z.number().int().min(-20).max(20).default(0),
    xMax: z.number().int().min(-20).max(20).default(6),
    yMin: z.number().int().min(-30).max(30).default(0),
    yMax: z.number().int().min(-30).max(30).default(12),
    lambdaMin: z.number().int().min(1).max(100).default(1),
    lambdaMax: z.number().int().min(1).max(100).default(10),
    /** Ask also for the intercept b = ȳ − x̄ᵀw. */
    askIntercept: z.boolean().default(true),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })
  .refine((p) => p.xMin < p.xMax, { message: 'xMin must be below xMax', path: ['xMin'] })
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })
  .refine((p) => p.lambdaMin <= p.lambdaMax, { message: 'lambdaMin must be at most lambdaMax', path: ['lambdaMin'] })

export type Params = z.infer<typeof params>

export interface Variant extends Data {
  lambda: number
  askIntercept: boolean
}

const W = 'w'
const B = 'b'
const VECTOR: AnswerKind = { type: 'vector', labels: wLabels(2) }

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const MAX_TRIES = 5000
const DISTINCT_TRIES = 2000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const d = drawData(rng, p, 2, data)
    const { G, c } = sums(d)
    const det = G[0][0] * G[1][1] - G[0][1] * G[0][1]
    // X̃ᵀX̃ well conditioned (so the OLS comparison exists), features correlated (so the 2×2 inverse matters), y related to x.
    if (!(det > 0.05 * G[0][0] * G[1][1]) || G[0][1] === 0 || c.every((cj) => cj === 0)) continue
    const v: Variant = { ...d, lambda: rng.int(p.lambdaMin, p.lambdaMax), askIntercept: p.askIntercept }
    // Ridge shrinks without zeroing: a coefficient exactly 0 (a feature whose signal the other one explains) would teach the opposite.
    if ((solve(v)[W] as number[]).some((wj) => wj === 0)) continue
    if (attempt < DISTINCT_TRIES && !(distinguishable(mistakes, v, W, VECTOR) && distinguishable(mistakes, v, B, { type: 'number' }))) continue
    return v
  }
  throw new Error('ridge-2d: could not draw two non-collinear integer features in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `Ridge regression with two features is fitted to the ${v.y.length} samples below. It minimizes` +
      `$$L(w, b) = \\sum_{i=1}^{n} \\left(y_i - w_1 x_{i1} - w_2 x_{i2} - b\\right)^2 + \\lambda\\left(w_1^2 + w_2^2\\right) = \\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_2^2$$` +
      `with $\\lambda = ${v.lambda}$. The intercept $b$ is not penalized.`,
    table: dataTable(v),
  }
}

function parts(v: Variant): PartSpec[] {
  const ps: PartSpec[] = [
    {
      id: W,
      prompt: 'Find the ridge coefficients $w = (w_1, w_2)$.',
      answer: VECTOR,
      points: 2,
    },
  ]
  if (v.askIntercept) ps.push({ id: B, prompt: 'Find the intercept $b$ of the ridge fit.', answer: { type: 'number' }, points: 1, label: '$b =$' })
  return ps
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function solve(v: Variant): Answers {
  const fit = ridge(v.X, v.y, v.lambda)
  return v.askIntercept ? { [W]: fit.coef, [B]: fit.intercept } : { [W]: fit.coef }
}

/** The intercept that goes with coefficients w: b = ȳ − x̄ᵀw (the student's own w, carried forward). */
function carryForward(v: Variant, s: Submission) {
  const w = s[W]
  if (!v.askIntercept || !Array.isArray(w) || w.length !== 2 || typeof w[0] !== 'number') return {}
  const { xMean, yMean } = sums(v)
  return { [B]: yMean - xMean[0] * (w[0] as number) - xMean[1] * (w[1] as number) }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
function unlessCorrectW(v: Variant, w: number[] | undefined): number[] | undefined {
  if (!w?.every(Number.isFinite)) return undefined
  return scoreAnswer(VECTOR, w, solve(v)[W] as number[]) === 1 ? undefined : w
}

function unlessCorrectB(v: Variant, b: number | undefined): number | undefined {
  if (!v.askIntercept || b === undefined || !Number.isFinite(b)) return undefined
  return withinTolerance(b, solve(v)[B] as number) ? undefined : b
}

/** Penalizing the intercept too: minimize ||y − Xw − b||² + λ(||w||² + b²), the 3×3 system on raw data. */
function penalizedIntercept(v: Variant): { w: number[]; b: number } | undefined {
  const rows = v.X.map((r) => [r[0], r[1], 1])
  const M = [0, 1, 2].map((j) => [0, 1, 2].map((k) => neumaierSum(rows.map((r) => r[j] * r[k])) + (j === k ? v.lambda : 0)))
  const r = [0, 1, 2].map((j) => neumaierSum(rows.map((row, i) => row[j] * v.y[i])))
  // Gaussian elimination with partial pivoting on the 3×3 system.
  const a = M.map((row, i) => [...row, r[i]])
  for (let k = 0; k < 3; k++) {
    let piv = k
    for (let i = k + 1; i < 3; i++) if (Math.abs(a[i][k]) > Math.abs(a[piv][k])) piv = i
    ;[a[k], a[piv]] = [a[piv], a[k]]
    if (a[k][k] === 0) return undefined
    for (let i = k + 1; i < 3; i++) {
      const f = a[i][k] / a[k][k]
      for (let j = k; j < 4; j++) a[i][j] -= f * a[k][j]
    }
  }
  const x = [0, 0, 0]
  for (let i = 2; i >= 0; i--) x[i] = (a[i][3] - a[i].slice(i + 1, 3).reduce((acc, aij, t) => acc + aij * x[i + 1 + t], 0)) / a[i][i]
  return { w: [x[0], x[1]], b: x[2] }
}

/** No centering and no intercept: w = (XᵀX + λI)⁻¹Xᵀy on the raw data. */
function uncentered(v: Variant): number[] {
  const XtX = [0, 1].map((j) => [0, 1].map((k) => neumaierSum(v.X.map((r) => r[j] * r[k])) + (j === k ? v.lambda : 0)))
  const Xty = [0, 1].map((j) => neumaierSum(v.X.map((r, i) => r[j] * v.y[i])))
  return solve2(XtX, Xty)
}

const mistakes: Misconception<Variant>[] = [
  {
    id: 'penalized-intercept',
    part: W,
    label: 'Penalized the intercept',
    description:
      'The penalty is $\\lambda\\|w\\|_2^2$ only; $b$ is free. Fitting $b$ freely is the same as centering $X$ and $y$, which gives $w = (\\tilde X^\\top \\tilde X + \\lambda I)^{-1}\\tilde X^\\top \\tilde y$ (a column of ones in $X$ with $\\lambda$ added to its diagonal entry penalizes $b$).',
    value: (v) => unlessCorrectW(v, penalizedIntercept(v)?.w),
  },
  {
    id: 'uncentered',
    part: W,
    label: 'Did not center the data',
    description:
      '$(X^\\top X + \\lambda I)^{-1}X^\\top y$ on the raw data fits a model without an intercept. With a free intercept, use the centered $\\tilde X$ and $\\tilde y$.',
    value: (v) => unlessCorrectW(v, uncentered(v)),
  },
  {
    id: 'half-lambda',
    part: W,
    label: 'Added $\\lambda/2$ instead of $\\lambda$',
    description:
      'Setting the gradient $-2\\tilde X^\\top(\\tilde y - \\tilde X w) + 2\\lambda w$ to 0 and dividing by 2 gives $(\\tilde X^\\top \\tilde X + \\lambda I)w = \\tilde X^\\top \\tilde y$: the full $\\lambda$ on the diagonal.',
    value: (v) => unlessCorrectW(v, ridge(v.X, v.y, v.lambda / 2).coef),
  },
  {
    id: 'double-lambda',
    part: W,
    label: 'Added $2\\lambda$ instead of $\\lambda$',
    description:
      'The derivative of $\\lambda\\|w\\|_2^2$ is $2\\lambda w$, and the squared error gives the same factor 2: after dividing by 2 the diagonal gets $\\lambda$, not $2\\lambda$.',
    value: (v) => unlessCorrectW(v, ridge(v.X, v.y, 2 * v.lambda).coef),
  },
  {
    id: 'ols',
    part: W,
    label: 'Answered the OLS coefficients',
    description: '$(\\tilde X^\\top \\tilde X)^{-1}\\tilde X^\\top \\tilde y$ is the fit with $\\lambda = 0$; ridge adds $\\lambda$ to the diagonal first.',
    value: (v) => unlessCorrectW(v, ridge(v.X, v.y, 0).coef),
  },
  swappedComponents(
    W,
    'Swapped the two components',
    'The first row of $(\\tilde X^\\top \\tilde X + \\lambda I)^{-1}\\tilde X^\\top \\tilde y$ is $w_1$, the coefficient of $x_1$; the second is $w_2$.',
    (v) => solve(v)[W] as number[],
    unlessCorrectW,
  ),
  {
    id: 'inverse-sign',
    part: W,
    label: 'Inverted the 2×2 matrix without negating the off-diagonal entries',
    description:
      'The inverse of $\\begin{pmatrix} a & c \\\\ c & d \\end{pmatrix}$ is $\\frac{1}{ad - c^2}\\begin{pmatrix} d & -c \\\\ -c & a \\end{pmatrix}$: swap the diagonal and negate the off-diagonal entries.',
    value: (v) => {
      const { G, c } = sums(v)
      const a = G[0][0] + v.lambda
      const d = G[1][1] + v.lambda
      const off = G[0][1]
      const det = a * d - off * off
      return unlessCorrectW(v, [(d * c[0] + off * c[1]) / det, (off * c[0] + a * c[1]) / det])
    },
  },
  {
    id: 'b-ybar',
    part: B,
    label: 'Took $b = \\bar y$',
    description: 'On the original data the intercept is $b = \\bar y - \\bar x_1 w_1 - \\bar x_2 w_2$; it is $\\bar y$ only when the features are centered.',
    value: (v) => unlessCorrectB(v, sums(v).yMean),
  },
  {
    id: 'b-penalized',
    part: B,
    label: 'Penalized the intercept',
    description: 'With $b$ penalized, $b$ is pulled toward 0. The intercept is free: $b = \\bar y - \\bar x^\\top w$.',
    value: (v) => unlessCorrectB(v, penalizedIntercept(v)?.b),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
const $ = (tex: string) => `$${tex}$`
const vec = (w: readonly number[]) => `\\left(${w.map((x) => texFrac(x)).join(',\\ ')}\\right)`

function studentComment(v: Variant, s: Submission, part: string): string | null {
  const value = s[part]
  if (value === undefined) return null
  const g = template.grade(v, s).parts[part]
  if (!g) return null
  const yours = `Your answer ${$(Array.isArray(value) ? vec(value as number[]) : texNum(value as number))}`
  if (g.carriedForward) return carriedForwardComment(yours, '$w$', g)
  if (g.correct) return `${yours} is right.`
  const m = mistakes.find((k) => k.id === g.diagnosis)
  if (m) return `${yours} is what you get if: ${m.label.charAt(0).toLowerCase()}${m.label.slice(1)}. ${m.description}`
  return `${yours} does not match; compare it with the steps above.`
}


/**
 * The disc has no corners, so ridge does not zero coefficients as a rule; an exact 0 can still happen for
 * particular numbers (a numerator that vanishes at this λ), and the derivation must not deny it.
 */
function zeroSentence(w: readonly number[]): string {
  const zeros = w.map((x, j) => (Math.abs(x) <= 1e-12 * Math.max(1, ...w.map(Math.abs)) ? j : -1)).filter((j) => j >= 0)
  if (zeros.length === 0) return 'The disc has no corners, so ridge does not push a coefficient to exactly 0: here neither is 0.'
  const names = zeros.map((j) => `$w_{${j + 1}}$`).join(' and ')
  return `Here ${names} ${zeros.length > 1 ? 'are' : 'is'} exactly 0, but not because of the penalty: the numerator of the 2×2 solve vanishes for these numbers at this $\\lambda$, and a slightly different $\\lambda$ makes it nonzero. The disc has no corners, so ridge does not push coefficients to exactly 0 as a rule; the lasso's corners do.`
}

function derive(v: Variant, s?: Submission): Step[] {
  const S = sums(v)
  const { G, c } = S
  const lam = v.lambda
  const a = G[0][0] + lam
  const d = G[1][1] + lam
  const off = G[0][1]
  const det = a * d - off * off
  const w = solve(v)[W] as number[]
  const ols = ridge(v.X, v.y, 0).coef
  const olsDet = G[0][0] * G[1][1] - off * off
  const steps: Step[] = [
    ...centeringSteps(v, S),
    {
      title: 'The normal equations',
      body:
        'Setting the gradient of $\\|\\tilde y - \\tilde X w\\|_2^2 + \\lambda\\|w\\|_2^2$ to zero, $-2\\tilde X^\\top(\\tilde y - \\tilde X w) + 2\\lambda w = 0$, gives ' +
        `$$(\\tilde X^\\top \\tilde X + \\lambda I)\\,w = \\tilde X^\\top \\tilde y: \\qquad ` +
        `\\begin{pmatrix} ${texFrac(G[0][0])} + ${lam} & ${texFrac(off)} \\\\ ${texFrac(off)} & ${texFrac(G[1][1])} + ${lam} \\end{pmatrix} w = ` +
        `\\begin{pmatrix} ${texFrac(c[0])} \\\\ ${texFrac(c[1])} \\end{pmatrix}.$$`,
    },
    {
      title: 'Invert the 2×2 matrix',
      body:
        `$$\\det = ${texFrac(a)} \\cdot ${texFrac(d)} - ${texParen(texFrac(off))}^2 = ${texFrac(det)}, \\qquad ` +
        `(\\tilde X^\\top \\tilde X + \\lambda I)^{-1} = \\frac{1}{${texFrac(det)}}\\begin{pmatrix} ${texFrac(d)} & ${texFrac(-off)} \\\\ ${texFrac(-off)} & ${texFrac(a)} \\end{pmatrix}$$` +
        `$$w_1 = \\frac{${texFrac(d)} \\cdot ${texParen(texFrac(c[0]))} - ${texParen(texFrac(off))} \\cdot ${texParen(texFrac(c[1]))}}{${texFrac(det)}} ${texEq(w[0])}, \\qquad ` +
        `w_2 = \\frac{${texFrac(a)} \\cdot ${texParen(texFrac(c[1]))} - ${texParen(texFrac(off))} \\cdot ${texParen(texFrac(c[0]))}}{${texFrac(det)}} ${texEq(w[1])}$$`,
    },
  ]
  if (v.askIntercept) {
    const b = solve(v)[B] as number
    const exactW = w.every((x) => asFraction(x) !== null)
    steps.push({
      title: 'The intercept',
      // With a rounded w, the substituted expression is itself rounded: "≈" from there on.
      body: `$$b = \\bar y - \\bar x_1 w_1 - \\bar x_2 w_2 ${exactW ? '=' : '\\approx'} ${texFrac(S.yMean)} - ${texParen(texFrac(S.xMean[0]))} \\cdot ${texParen(texFrac(w[0]))} - ${texParen(texFrac(S.xMean[1]))} \\cdot ${texParen(texFrac(w[1]))} ${exactW ? texEq(b) : `\\approx ${texNum(b)}`}$$`,
    })
  }
  const comments = s ? [W, B].map((p) => studentComment(v, s, p)).filter((x): x is string => x !== null) : []
  if (comments.length > 0) steps[steps.length - 1].body += `\n\n${comments.join('\n\n')}`
  steps.push({
    title: 'Shrinkage, not selection',
    body:
      `Without the penalty ($\\lambda = 0$) the same 2×2 solve on $\\tilde X^\\top \\tilde X$ gives OLS: $$\\det(\\tilde X^\\top \\tilde X) = ${texFrac(G[0][0])} \\cdot ${texFrac(G[1][1])} - ${texParen(texFrac(off))}^2 = ${texFrac(olsDet)}, \\qquad w_{\\text{OLS}} = \\frac{1}{${texFrac(olsDet)}}\\begin{pmatrix} ${texFrac(G[1][1])} \\cdot ${texParen(texFrac(c[0]))} - ${texParen(texFrac(off))} \\cdot ${texParen(texFrac(c[1]))} \\\\ ${texFrac(G[0][0])} \\cdot ${texParen(texFrac(c[1]))} - ${texParen(texFrac(off))} \\cdot ${texParen(texFrac(c[0]))} \\end{pmatrix} ${texVecEq(ols)}.$$` +
      `Ridge pulls it toward 0 along a curved path; in the constrained form the solution is where an RSS ellipse around the OLS point touches the disc $\\|w\\|_2 \\le t$, here $t = \\|w\\|_2 ${texEqNum(Math.hypot(w[0], w[1]))}$. ` +
      zeroSentence(w),
    figure: constraintGeometry({
      kind: 'l2',
      t: Math.hypot(w[0], w[1]),
      ols: [ols[0], ols[1]],
      A: [
        [G[0][0], G[0][1]],
        [G[1][0], G[1][1]],
      ],
      solution: [w[0], w[1]],
      title: `Ridge, λ = ${lam}: RSS contours touching the disc`,
    }),
  })
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'ridge-2d',
  version: 3,
  topic: 'multi-feature',
  title: 'Ridge with two features: the 2×2 closed form',
  description: 'Two features, small integer data: the ridge coefficients w = (X̃ᵀX̃ + λI)⁻¹X̃ᵀỹ with the intercept unpenalized, and b = ȳ − x̄ᵀw.',
  params,
  generate,
  dataSlot: { features: () => 2 },
  intro,
  parts,
  solve,
  mistakes,
  carryForward,
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

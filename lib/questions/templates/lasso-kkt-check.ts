/**
 * Case analysis and KKT verification for the lasso: two templates from one file (they share the conditions):
 *
 * lasso-case-analysis (one feature, the notes' three cases): loss Σ(y_i − m·x_i − b)² + λ|m|. "Assume m > 0: the stationarity
 * equation −2S_xy + 2mS_xx + λ = 0 gives m = (S_xy − λ/2)/S_xx; is that consistent with m > 0?", the same for m < 0,
 * then the slope. Regimes: 'positive', 'negative', 'zero' (both cases inconsistent, m = 0).
 *
 * lasso-kkt-check (two or three features): loss ||y − Xw − b||² + λ||w||₁, a proposed w with one nonzero coordinate. Compute
 * g_j = 2x̃_jᵀ(ỹ − X̃w) for every j and decide whether w is the lasso solution: it is exactly when
 * g_j = λ·sign(w_j) for w_j ≠ 0 and |g_j| ≤ λ for w_j = 0. Scenarios: 'optimal', 'nonzero-off' (|g_j| < λ on the
 * nonzero coordinate: only the inequality holds there), 'zero-violated' (the nonzero coordinate is fine, a zero one has
 * |g_k| > λ). The data are small integers and w a multiple of 1/2, and λ is chosen so every number is an exact fraction.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import { lasso1d, lassoBreakpoints, lassoKkt, lassoLambdaStar1d, lassoPathCoefAt, ols1d, ridge1d, summarize1d } from '@/lib/solver'
import { slopeVsLambda } from '../figures'
import { coefficientPaths } from '../figures/coefficientPaths'
import { fmt, texFrac, texFracApprox, texEq, texVecEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { Answers, GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { drawYesNo, type YesNo, yesNoKind } from './shared/choice'
import { type Data, dataTable as multiTable, drawData as drawMulti, sums } from './shared/multi-feature'
import {
  centeredSumsSteps,
  checkDataRanges,
  dataFields,
  dataTable,
  drawData,
  drawLambdaBeside,
  mistakesDistinguishable,
  unlessCorrect,
  yourAnswersStep,
} from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    ...dataFields,
    /** For 'cases': the sign of the slope ('random' picks one). */
    regime: z.enum(['positive', 'negative', 'zero', 'random']).default('random'),
    /** For 'kkt': whether the proposed w is optimal, and if not which condition fails ('random' picks one). */
    scenario: z.enum(['optimal', 'nonzero-off', 'zero-violated', 'random']).default('random'),
    /** For 'kkt': the number of features. */
    features: z.number().int().min(2).max(3).default(3),
  })
  .superRefine(checkDataRanges)

export type Params = z.infer<typeof params>
type Regime = 'positive' | 'negative' | 'zero'
type Scenario = 'optimal' | 'nonzero-off' | 'zero-violated'

export type Variant =
  | { form: 'cases'; x: number[]; y: number[]; lambda: number; regime: Regime; pos: YesNo; neg: YesNo }
  | { form: 'kkt'; X: number[][]; y: number[]; lambda: number; w: number[]; scenario: Scenario; optimal: YesNo }
type Cases = Extract<Variant, { form: 'cases' }>
type Kkt = Extract<Variant, { form: 'kkt' }>

const P = { mPos: 'mPos', posOk: 'posOk', mNeg: 'mNeg', negOk: 'negOk', m: 'm', g: 'g', optimal: 'optimal' } as const

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generateCases(rng: Rng, p: Params): Cases {
  const regime: Regime = p.regime === 'random' ? rng.pick(['positive', 'negative', 'zero'] as const) : p.regime
  const pos = drawYesNo(rng)
  const neg = drawYesNo(rng)
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p)
    const { Sxx, Sxy } = summarize1d(x, y)
    if (!(Sxx > 0) || Sxy === 0) continue
    const wantNegative = regime === 'negative' || (regime === 'zero' && rng.chance(0.5))
    const yy = wantNegative === Sxy < 0 ? y : y.map((yi) => p.yMin + p.yMax - yi)
    const lambda = drawLambdaBeside(rng, lassoLambdaStar1d(x, yy), regime === 'zero' ? 'zero' : 'nonzero', { includeThreshold: false, upperFactor: 1.8 })
    if (lambda === undefined) continue
    const v: Cases = { form: 'cases', x, y: yy, lambda, regime, pos, neg }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error(`lasso-kkt-check: could not draw data for the ${regime} regime in the given ranges`)
}

/** g = 2X̃ᵀ(ỹ − X̃w) through lib/solver. */
const gradient = (d: Data, w: readonly number[], lambda: number) => lassoKkt(d.X, d.y, w, lambda).gradient

function generateKkt(rng: Rng, p: Params): Kkt {
  const scenario: Scenario = p.scenario === 'random' ? rng.pick(['optimal', 'nonzero-off', 'zero-violated'] as const) : p.scenario
  const optimal = drawYesNo(rng)
  const ranges = { ...p, nMin: Math.max(p.nMin, 4), nMax: Math.max(p.nMax, 4) }
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const d = drawMulti(rng, ranges, p.features)
    const { G } = sums(d)
    if (G.some((row, k) => !(row[k] > 0))) continue
    const j = rng.int(0, p.features - 1)
    const w = new Array<number>(p.features).fill(0)
    w[j] = (rng.int(1, 6) / 2) * rng.pick([-1, 1])
    // λ makes the nonzero coordinate's condition hold exactly: λ = sign(w_j)·g_j(w).
    const lambda = Math.sign(w[j]) * gradient(d, w, 1)[j]
    if (!(lambda >= 1)) continue
    const g = gradient(d, w, lambda)
    const others = g.filter((_, k) => k !== j).map(Math.abs)
    let proposed = w
    if (scenario === 'optimal' || scenario === 'nonzero-off') {
      if (!others.every((a) => a <= lambda / 1.1)) continue
      if (scenario === 'nonzero-off') {
        // Push w_j further from 0 by 1/2: g_j·sign(w_j) drops by G_jj, so |g_j| < λ if G_jj < 2λ.
        proposed = w.map((x, k) => (k === j ? x + Math.sign(x) / 2 : x))
        const g2 = gradient(d, proposed, lambda)
        if (!(Math.abs(g2[j]) < lambda / 1.1 && g2.every((gk) => Math.abs(gk) <= lambda / 1.1))) continue
      }
    } else if (!others.some((a) => a >= 1.1 * lambda)) continue
    const v: Kkt = { form: 'kkt', X: d.X, y: d.y, lambda, w: proposed, scenario, optimal }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(v), v)) continue
    return v
  }
  throw new Error(`lasso-kkt-check: could not draw data for the ${scenario} scenario in the given ranges`)
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
const wTuple = (w: readonly number[]) => `(${w.map((x) => texFrac(x)).join(',\\ ')})`

function intro(v: Variant) {
  if (v.form === 'cases') {
    return {
      statement:
        `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by the lasso, which minimizes` +
        '$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2 + \\lambda|m|$$' +
        `with $\\lambda = ${v.lambda}$; the intercept is not penalized, so $b = \\bar y - m\\bar x$ and the loss in $m$ is $S_{yy} - 2mS_{xy} + m^2S_{xx} + \\lambda|m|$. ` +
        'Solve it by cases, as in the notes: away from $m = 0$ the loss is differentiable, and each case gives a candidate that must agree with its assumption.',
      table: dataTable(v.x, v.y),
    }
  }
  const p = v.w.length
  return {
    statement:
      `The lasso with ${p} features, loss $\\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1$ (intercept not penalized), is fitted to the samples below with $\\lambda = ${texFrac(v.lambda)}$. ` +
      `Someone proposes $w = ${wTuple(v.w)}$. Check it with the optimality (KKT) conditions, using $g_j = 2\\tilde x_j^\\top(\\tilde y - \\tilde X w)$ on the centered data $\\tilde X$, $\\tilde y$.`,
    table: multiTable(v),
  }
}

function parts(v: Variant): PartSpec[] {
  if (v.form === 'cases') {
    return [
      { id: P.mPos, prompt: 'Case $m > 0$: setting the derivative to zero gives which $m$?', answer: { type: 'number' }, points: 1, label: '$m_{+} =$' },
      { id: P.posOk, prompt: 'Is this $m_{+}$ consistent with the assumption $m > 0$?', answer: yesNoKind(v.pos), points: 1 },
      { id: P.mNeg, prompt: 'Case $m < 0$: setting the derivative to zero gives which $m$?', answer: { type: 'number' }, points: 1, label: '$m_{-} =$' },
      { id: P.negOk, prompt: 'Is this $m_{-}$ consistent with the assumption $m < 0$?', answer: yesNoKind(v.neg), points: 1 },
      { id: P.m, prompt: 'The lasso slope $m$ (answer 0 if it is exactly zero).', answer: { type: 'number' }, points: 2, label: '$m =$' },
    ]
  }
  const labels = v.w.map((_, j) => `$g_{${j + 1}}$`)
  return [
    { id: P.g, prompt: `The values $g_j = 2\\tilde x_j^\\top(\\tilde y - \\tilde X w)$ at the proposed $w$, for $j = 1, \\dots, ${v.w.length}$.`, answer: { type: 'vector', labels }, points: 2 },
    { id: P.optimal, prompt: `Is $w = ${wTuple(v.w)}$ the lasso solution at $\\lambda = ${texFrac(v.lambda)}$?`, answer: yesNoKind(v.optimal), points: 1 },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Cases) => summarize1d(v.x, v.y)
const caseValue = (v: Cases, sign: 1 | -1) => (stats(v).Sxy - (sign * v.lambda) / 2) / stats(v).Sxx

function kktHolds(v: Kkt): boolean {
  return lassoKkt(v.X, v.y, v.w, v.lambda).maxViolation <= 1e-9
}

function solve(v: Variant): Answers {
  if (v.form === 'cases') {
    const mPos = caseValue(v, 1)
    const mNeg = caseValue(v, -1)
    return {
      [P.mPos]: mPos,
      [P.posOk]: mPos > 0 ? v.pos.yes : v.pos.no,
      [P.mNeg]: mNeg,
      [P.negOk]: mNeg < 0 ? v.neg.yes : v.neg.no,
      [P.m]: lasso1d(v.x, v.y, v.lambda).slope,
    }
  }
  return { [P.g]: gradient(v, v.w, v.lambda), [P.optimal]: kktHolds(v) ? v.optimal.yes : v.optimal.no }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((acc, t, i) => acc + t * b[i], 0)
const casesOnly = (f: (v: Cases) => number | string | undefined) => (v: Variant) => (v.form === 'cases' ? f(v) : undefined)
const kktOnly = (f: (v: Kkt) => number[] | string | undefined) => (v: Variant) => (v.form === 'kkt' ? f(v) : undefined)
const numberMistake = (part: string) => (v: Cases, value: number) => unlessCorrect(value, solve(v)[part] as number)
const vecMistake = (v: Kkt, value: number[]): number[] | undefined => {
  const right = gradient(v, v.w, v.lambda)
  return value.every((x, j) => Math.abs(x - right[j]) <= 1e-3 * Math.abs(right[j]) + 1e-6) ? undefined : value
}

const mistakes: Misconception<Variant>[] = [
  {
    id: 'case-missing-2',
    part: P.mPos,
    label: 'Left out the factor 2',
    description: 'The derivative of the squared error is $-2S_{xy} + 2mS_{xx}$ and that of $\\lambda m$ is $\\lambda$; dividing by 2 gives $m = (S_{xy} - \\lambda/2)/S_{xx}$, not $(S_{xy} - \\lambda)/S_{xx}$.',
    value: casesOnly((v) => numberMistake(P.mPos)(v, (stats(v).Sxy - v.lambda) / stats(v).Sxx)),
  },
  {
    id: 'case-sign',
    part: P.mPos,
    label: 'Used the wrong sign of the penalty term',
    description: 'For $m > 0$, $\\lambda|m| = \\lambda m$ has derivative $+\\lambda$, so the stationarity equation $-2S_{xy} + 2mS_{xx} + \\lambda = 0$ gives $m = (S_{xy} - \\lambda/2)/S_{xx}$.',
    value: casesOnly((v) => numberMistake(P.mPos)(v, caseValue(v, -1))),
  },
  {
    id: 'accepted-inconsistent-pos',
    part: P.posOk,
    label: 'Accepted an inconsistent case',
    description: 'The candidate was computed assuming $m > 0$; if it comes out $\\le 0$ the assumption is contradicted and the case gives no solution.',
    value: casesOnly((v) => (caseValue(v, 1) > 0 ? undefined : v.pos.yes)),
  },
  {
    id: 'rejected-consistent-pos',
    part: P.posOk,
    label: 'Rejected a consistent case',
    description: 'A positive candidate agrees with the assumption $m > 0$: this case gives the solution.',
    value: casesOnly((v) => (caseValue(v, 1) > 0 ? v.pos.no : undefined)),
  },
  {
    id: 'case-neg-sign',
    part: P.mNeg,
    label: 'Used the wrong sign of the penalty term',
    description: 'For $m < 0$, $\\lambda|m| = -\\lambda m$ has derivative $-\\lambda$, so $-2S_{xy} + 2mS_{xx} - \\lambda = 0$ gives $m = (S_{xy} + \\lambda/2)/S_{xx}$.',
    value: casesOnly((v) => numberMistake(P.mNeg)(v, caseValue(v, 1))),
  },
  {
    id: 'case-neg-missing-2',
    part: P.mNeg,
    label: 'Left out the factor 2',
    description: 'Dividing $-2S_{xy} + 2mS_{xx} - \\lambda = 0$ by 2 gives $m = (S_{xy} + \\lambda/2)/S_{xx}$, not $(S_{xy} + \\lambda)/S_{xx}$.',
    value: casesOnly((v) => numberMistake(P.mNeg)(v, (stats(v).Sxy + v.lambda) / stats(v).Sxx)),
  },
  {
    id: 'accepted-inconsistent-neg',
    part: P.negOk,
    label: 'Accepted an inconsistent case',
    description: 'The candidate was computed assuming $m < 0$; if it comes out $\\ge 0$ the assumption is contradicted and the case gives no solution.',
    value: casesOnly((v) => (caseValue(v, -1) < 0 ? undefined : v.neg.yes)),
  },
  {
    id: 'rejected-consistent-neg',
    part: P.negOk,
    label: 'Rejected a consistent case',
    description: 'A negative candidate agrees with the assumption $m < 0$: this case gives the solution.',
    value: casesOnly((v) => (caseValue(v, -1) < 0 ? v.neg.no : undefined)),
  },
  {
    id: 'kept-inconsistent-case',
    part: P.m,
    natural: true,
    label: 'Kept a case whose assumption fails',
    description:
      'When neither $m > 0$ nor $m < 0$ is consistent, the minimum is at the kink: $m = 0$ is optimal because $|{-2S_{xy}}| \\le \\lambda$ (0 is in the subgradient). A candidate of the wrong sign is not a solution.',
    value: casesOnly((v) => {
      const s = Math.sign(stats(v).Sxy) as 1 | -1
      return numberMistake(P.m)(v, caseValue(v, s))
    }),
  },
  {
    id: 'took-other-case',
    part: P.m,
    natural: true,
    label: 'Took the other case',
    description: 'Only the case whose candidate agrees with its own sign assumption is the solution; the other candidate contradicts its assumption.',
    value: casesOnly((v) => {
      const s = Math.sign(stats(v).Sxy) as 1 | -1
      return numberMistake(P.m)(v, caseValue(v, s === 1 ? -1 : 1))
    }),
  },
  {
    id: 'slope-missing-2',
    part: P.m,
    label: 'Left out the factor 2',
    description: 'The threshold for the penalty $\\lambda|m|$ is $\\lambda/2$: $m = \\operatorname{sign}(S_{xy})\\max(|S_{xy}| - \\lambda/2, 0)/S_{xx}$.',
    value: casesOnly((v) => numberMistake(P.m)(v, lasso1d(v.x, v.y, v.lambda, 'two-lambda').slope)),
  },
  {
    id: 'g-missing-2',
    part: P.g,
    label: 'Left out the factor 2',
    description: 'The derivative of $\\|\\tilde y - \\tilde Xw\\|^2$ in $w_j$ is $-2\\tilde x_j^\\top(\\tilde y - \\tilde Xw)$: $g_j$ carries the factor 2, and it is compared with $\\lambda$ (not $\\lambda/2$).',
    value: kktOnly((v) => vecMistake(v, gradient(v, v.w, v.lambda).map((x) => x / 2))),
  },
  {
    id: 'g-uncentered',
    part: P.g,
    label: 'Did not center the data',
    description: 'The intercept is fitted and not penalized, so the conditions use the centered $\\tilde x_j$ and $\\tilde y$: $2\\tilde x_j^\\top(\\tilde y - \\tilde Xw)$, not $2x_j^\\top(y - Xw)$.',
    value: kktOnly((v) => vecMistake(v, v.w.map((_, j) => 2 * dot(v.X.map((r) => r[j]), v.y.map((yi, i) => yi - dot(v.X[i], v.w)))))),
  },
  {
    id: 'g-sign',
    part: P.g,
    label: 'Computed the gradient instead of its negative',
    description: '$g_j = 2\\tilde x_j^\\top(\\tilde y - \\tilde Xw)$ is minus the derivative of the squared error; with it, a nonzero $w_j$ needs $g_j = +\\lambda\\operatorname{sign}(w_j)$.',
    value: kktOnly((v) => vecMistake(v, gradient(v, v.w, v.lambda).map((x) => -x))),
  },
  {
    id: 'inequality-on-nonzero',
    part: P.optimal,
    label: 'Checked $|g_j| \\le \\lambda$ on a nonzero coordinate',
    description: 'The inequality $|g_j| \\le \\lambda$ is the condition for a coefficient that is 0. A nonzero $w_j$ needs the equality $g_j = \\lambda\\operatorname{sign}(w_j)$ exactly.',
    value: kktOnly((v) => (v.scenario === 'nonzero-off' ? v.optimal.yes : undefined)),
  },
  {
    id: 'strict-on-nonzero',
    part: P.optimal,
    label: 'Demanded $|g_j| < \\lambda$ on a nonzero coordinate',
    description: 'For a nonzero $w_j$ the condition is the equality $g_j = \\lambda\\operatorname{sign}(w_j)$, so $|g_j| = \\lambda$ there is exactly what optimality requires.',
    value: kktOnly((v) => (v.scenario === 'optimal' ? v.optimal.no : undefined)),
  },
  {
    id: 'skipped-zero-coordinates',
    part: P.optimal,
    label: 'Checked only the nonzero coordinate',
    description: 'Every coordinate must satisfy its condition: a zero $w_k$ with $|g_k| > \\lambda$ means moving $w_k$ away from 0 lowers the loss, so $w$ is not optimal.',
    value: kktOnly((v) => (v.scenario === 'zero-violated' ? v.optimal.yes : undefined)),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const steps = v.form === 'cases' ? deriveCases(v) : deriveKkt(v)
  const mine = s ? yourAnswersStep(v.form === 'cases' ? caseAnalysis : template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

function deriveCases(v: Cases): Step[] {
  const { Sxx, Sxy } = stats(v)
  const steps = centeredSumsSteps(v.x, v.y)
  const h = v.lambda / 2
  const mPos = caseValue(v, 1)
  const mNeg = caseValue(v, -1)
  steps.push({
    title: 'Case $m > 0$',
    body:
      'Here $\\lambda|m| = \\lambda m$, and the derivative $-2S_{xy} + 2mS_{xx} + \\lambda$ is zero at' +
      `$$m_{+} = \\frac{S_{xy} - \\lambda/2}{S_{xx}} = \\frac{${texFrac(Sxy)} - ${texFrac(h)}}{${texFrac(Sxx)}} ${texEq(mPos, 20000)}.$$` +
      (mPos > 0 ? 'It is positive: consistent with the assumption.' : 'It is not positive: the assumption $m > 0$ is contradicted, so this case has no solution.'),
  })
  steps.push({
    title: 'Case $m < 0$',
    body:
      'Here $\\lambda|m| = -\\lambda m$, and the derivative $-2S_{xy} + 2mS_{xx} - \\lambda$ is zero at' +
      `$$m_{-} = \\frac{S_{xy} + \\lambda/2}{S_{xx}} = \\frac{${texFrac(Sxy)} + ${texFrac(h)}}{${texFrac(Sxx)}} ${texEq(mNeg, 20000)}.$$` +
      (mNeg < 0 ? 'It is negative: consistent with the assumption.' : 'It is not negative: the assumption $m < 0$ is contradicted, so this case has no solution.'),
  })
  const m = lasso1d(v.x, v.y, v.lambda).slope
  steps.push({
    title: 'Case $m = 0$, and the answer',
    body:
      m === 0
        ? `Neither case is consistent, so the minimum is at the kink. At $m = 0$ the subgradient of $\\lambda|m|$ is $[-\\lambda, \\lambda]$, and $0$ is optimal when $|{-2S_{xy}}| = ${texFrac(2 * Math.abs(Sxy))} \\le \\lambda = ${v.lambda}$: it is. So $m = 0$.`
        : `Exactly one case is consistent, so $m ${texEq(m, 20000)}$. (The case $m = 0$ would need $|2S_{xy}| = ${texFrac(2 * Math.abs(Sxy))} \\le \\lambda = ${v.lambda}$, which fails.)`,
  })
  const star = lassoLambdaStar1d(v.x, v.y)
  steps.push({
    title: 'The slope against $\\lambda$',
    body: `The consistent case changes at $\\lambda^* = 2|S_{xy}| = ${texFrac(star)}$: below it the case of the sign of $S_{xy}$ holds, above it only $m = 0$ does.`,
    figure: slopeVsLambda({
      lambdaMax: Math.max(1.4 * star, 1.2 * v.lambda),
      lasso: (l) => lasso1d(v.x, v.y, l).slope,
      ridge: (l) => ridge1d(v.x, v.y, l).slope,
      lambdaStar: star,
      studentLambda: v.lambda,
      studentLabel: 'this λ',
      title: `Lasso slope m(λ); OLS slope ${fmt(ols1d(v.x, v.y).slope)}`,
    }),
  })
  return steps
}

function deriveKkt(v: Kkt): Step[] {
  const S = sums(v)
  const g = gradient(v, v.w, v.lambda)
  const js = v.w.map((_, j) => j)
  const r = S.yc.map((yi, i) => yi - dot(S.Xc[i], v.w))
  const lam = texFrac(v.lambda)
  const ok = kktHolds(v)
  const steps: Step[] = [
    {
      title: 'Center the data and form the residual',
      body: `With $w = ${wTuple(v.w)}$, the residual of the centered fit is $\\tilde r = \\tilde y - \\tilde X w$:`,
      table: {
        columns: ['$i$', ...js.map((j) => `$\\tilde x_{i${j + 1}}$`), '$\\tilde y_i$', '$\\tilde r_i$'],
        rows: S.Xc.map((row, i) => [i + 1, ...row.map((x) => `$${texFrac(x)}$`), `$${texFrac(S.yc[i])}$`, `$${texFrac(r[i])}$`]),
      },
    },
    {
      title: 'The conditions, coordinate by coordinate',
      body:
        `$g_j = 2\\tilde x_j^\\top \\tilde r$. A nonzero $w_j$ needs $g_j = \\lambda\\operatorname{sign}(w_j)$ exactly; a zero $w_j$ needs $|g_j| \\le \\lambda = ${lam}$.`,
      table: {
        columns: ['$j$', '$w_j$', '$g_j$', 'condition', 'holds?'],
        rows: js.map((j) => {
          const cond = v.w[j] === 0 ? `$|g_{${j + 1}}| \\le ${lam}$` : `$g_{${j + 1}} = ${v.w[j] > 0 ? '' : '-'}${lam}$`
          const holds = v.w[j] === 0 ? Math.abs(g[j]) <= v.lambda * (1 + 1e-12) : Math.abs(g[j] - v.lambda * Math.sign(v.w[j])) <= 1e-9 * v.lambda
          return [j + 1, `$${texFrac(v.w[j])}$`, `$${texFracApprox(g[j])}$`, cond, holds ? 'yes' : 'no']
        }),
      },
    },
    {
      title: 'Verdict',
      body: ok
        ? 'Every condition holds, so $w$ is the lasso solution (the loss is convex, and these conditions say 0 is in its subdifferential).'
        : v.scenario === 'nonzero-off'
          ? 'The nonzero coordinate has $|g_j| < \\lambda$: the inequality is not enough for a nonzero coefficient, and the data pull is weaker than the penalty, so shrinking $|w_j|$ lowers the loss. $w$ is not the solution.'
          : 'A zero coordinate has $|g_k| > \\lambda$: the data pull on it beats the penalty, so moving it away from 0 lowers the loss. $w$ is not the solution.',
    },
  ]
  const bp = lassoBreakpoints(v.X, v.y)
  const lamMax = Math.max(bp.lambdas[0] ?? 0, v.lambda) * 1.15
  steps.push({
    title: 'Where this λ sits on the lasso path',
    body: `The lasso path (computed exactly from these data); at $\\lambda = ${lam}$ the solution is $w ${texVecEq(lassoPathCoefAt(bp, v.lambda).map((x) => Math.round(x * 1e6) / 1e6))}$.`,
    figure: coefficientPaths({
      lambdaMax: lamMax,
      paths: js.map((j) => ({ label: `w${['₁', '₂', '₃'][j]}`, coef: (l: number) => lassoPathCoefAt(bp, l)[j] })),
      breakpoints: [v.lambda],
      title: `Lasso paths; λ = ${fmt(v.lambda)} marked`,
    }),
  })
  return steps
}

// ── The templates ──────────────────────────────────────────────────────────────────────────────────
const CASE_PARTS: ReadonlySet<string> = new Set([P.mPos, P.posOk, P.mNeg, P.negOk, P.m])

/** 'cases': one feature, the three cases of the notes as graded steps (registered as lasso-case-analysis). */
export const caseAnalysis: QuestionTemplate<Params, Variant> = {
  id: 'lasso-case-analysis',
  version: 1,
  topic: 'optimality',
  title: 'Lasso by cases: assume a sign, solve, check the assumption',
  description:
    'One feature: solve the cases m > 0 and m < 0 of the lasso loss, decide whether each candidate agrees with its assumption, and conclude (m = 0 when neither does).',
  params,
  generate: generateCases,
  intro,
  parts,
  solve,
  mistakes: mistakes.filter((m) => CASE_PARTS.has(m.part)),
  grade: (v, s, opts) => gradeWithMisconceptions(caseAnalysis, v, s, opts),
  derive,
}

const template: QuestionTemplate<Params, Variant> = {
  id: 'lasso-kkt-check',
  version: 2,
  topic: 'optimality',
  title: 'Is this w the lasso solution? Checking the KKT conditions',
  description:
    'Two or three features and a proposed w: compute every g_j = 2x̃_jᵀ(ỹ − X̃w) and decide whether w is the lasso solution (equality on nonzero coordinates, |g_j| ≤ λ on zero ones).',
  params,
  generate: generateKkt,
  intro,
  parts,
  solve,
  mistakes: mistakes.filter((m) => !CASE_PARTS.has(m.part)),
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

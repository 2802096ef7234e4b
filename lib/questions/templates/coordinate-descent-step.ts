/**
 * One coordinate-descent update of the lasso.
 *
 * Loss ||y − Xw − b||²₂ + λ||w||₁ (penalty λ|w_j|, intercept b not penalized, handled by centering). With the
 * other coefficients fixed, the exact minimizer over w_j is
 *   w_j ← S(ρ_j, λ) / (2·x̃_jᵀx̃_j),  ρ_j = 2·x̃_jᵀ r_{−j},  r_{−j} = ỹ − Σ_{k≠j} x̃_k w_k,
 * with S(z, t) = sign(z)·max(|z| − t, 0). Asked: ρ_j, then the new w_j (error carried forward from ρ_j).
 * Graded values (ρ_j, the new w_j, the denominator for carry-forward) from lib/solver's coordinateDescentUpdate.
 * Reads top to bottom: params → generate → parts → solve → mistakes → grade → derive.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { coordinateDescentUpdate, lassoKkt, softThreshold } from '@/lib/solver'
import { DEFAULT_TOLERANCE, withinTolerance } from '../answers'
import { texEq, texFrac, texNum, texParen } from '../format'
import { carriedForwardComment, gradeWithMisconceptions } from '../grading'
import type { Answers, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeringSteps, type Data, dataTable, distinguishable, drawData, sums, wTex } from './shared/multi-feature'
import { isSmallNonZero } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    /** Number of features. */
    p: z.number().int().min(2).max(3).default(2),
    nMin: z.number().int().min(3).max(12).default(4),
    nMax: z.number().int().min(3).max(12).default(6),
    xMin: z.number().int().min(-10).max(10).default(0),
    xMax: z.number().int().min(-10).max(10).default(5),
    yMin: z.number().int().min(-20).max(20).default(0),
    yMax: z.number().int().min(-20).max(20).default(10),
    /** Whether the update lands exactly on 0 (|ρ_j| ≤ λ) or not; 'random' picks one per variant. */
    regime: z.enum(['zero', 'nonzero', 'random']).default('random'),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })
  .refine((p) => p.xMin < p.xMax, { message: 'xMin must be below xMax', path: ['xMin'] })
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })

export type Params = z.infer<typeof params>

export interface Variant extends Data {
  lambda: number
  /** The current coefficients, before the update. */
  w: number[]
  /** The coordinate updated (0-based). */
  j: number
  regime: 'zero' | 'nonzero'
}

const RHO = 'rho'
const WJ = 'wj'
/** |ρ_j| and λ differ by at least this factor, so the regime is clear-cut. */
const SEPARATION = 1.15

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const W_VALUES = [-2, -1.5, -1, -0.5, 0.5, 1, 1.5, 2]
const MAX_TRIES = 5000
const DISTINCT_TRIES = 2000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  const regime = p.regime === 'random' ? rng.pick(['zero', 'nonzero'] as const) : p.regime
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const d = drawData(rng, p, p.p, data)
    const { G } = sums(d)
    if (G.some((row, k) => !(row[k] > 0))) continue
    const j = rng.int(0, p.p - 1)
    // The current w_j and at least one other coefficient are nonzero, so both parts of the residual matter.
    const w = Array.from({ length: p.p }, () => rng.pick(W_VALUES))
    if (rng.chance(0.3) && p.p === 3) w[(j + 1) % 3] = 0
    const rho = rhoOf({ ...d, w, j, lambda: 1, regime })
    if (!(Math.abs(rho) >= 2)) continue
    const lambda =
      regime === 'zero'
        ? rng.int(Math.ceil(SEPARATION * Math.abs(rho)), Math.ceil(SEPARATION * Math.abs(rho)) + 10)
        : rng.int(1, Math.floor(Math.abs(rho) / SEPARATION))
    const v: Variant = { ...d, lambda, w, j, regime }
    if (attempt < DISTINCT_TRIES && !(distinguishable(mistakes, v, WJ, { type: 'number' }) && distinguishable(mistakes, v, RHO, { type: 'number' })))
      continue
    return v
  }
  throw new Error('coordinate-descent-step: could not draw data for the asked-for regime in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
const jj = (v: Variant) => v.j + 1

function intro(v: Variant) {
  const wText = v.w.map((wk, k) => `${wTex(k)} = ${texNum(wk)}`).join(',\\ ')
  return {
    statement:
      `The lasso is fitted to the ${v.y.length} samples below by coordinate descent. It minimizes` +
      `$$L(w, b) = \\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1 = \\sum_{i=1}^{n}\\Big(y_i - \\sum_{k} w_k x_{ik} - b\\Big)^2 + \\lambda\\sum_k |w_k|$$` +
      `with $\\lambda = ${v.lambda}$; the intercept $b$ is not penalized, so the data are centered ($\\tilde X$, $\\tilde y$) and $b$ drops out. ` +
      `The current coefficients are $${wText}$. The next step updates $${wTex(v.j)}$ only: it sets $${wTex(v.j)}$ to the exact minimizer of $L$ with the other coefficients held fixed.`,
    table: dataTable(v),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    {
      id: RHO,
      prompt:
        `Compute $\\rho_{${jj(v)}} = 2\\,\\tilde x_{${jj(v)}}^\\top r_{-${jj(v)}}$, where $r_{-${jj(v)}} = \\tilde y - \\sum_{k \\ne ${jj(v)}} \\tilde x_k w_k$ is the partial residual ` +
        `(the residual of the current fit without feature ${jj(v)}’s own contribution).`,
      answer: { type: 'number' },
      points: 1,
      label: `$\\rho_{${jj(v)}} =$`,
    },
    {
      id: WJ,
      prompt: `Find the updated value of $${wTex(v.j)}$.`,
      answer: { type: 'number' },
      points: 2,
      label: `$${wTex(v.j)} \\leftarrow$`,
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
/** ρ_j, the denominator 2‖x̃_j‖² and the new w_j, all from lib/solver's coordinateDescentUpdate. */
const update = (v: Variant) => coordinateDescentUpdate(v.X, v.y, v.w, v.j, v.lambda)
/** ρ_j = 2x̃_jᵀr_{−j}. */
const rhoOf = (v: Variant): number => update(v).rho

function solve(v: Variant): Answers {
  const u = update(v)
  return { [RHO]: u.rho, [WJ]: u.wj }
}

/** The update from the student's own ρ_j: S(ρ_j, λ)/(2‖x̃_j‖²), the denominator from lib/solver. */
function carryForward(v: Variant, s: Submission) {
  const rho = s[RHO]
  if (typeof rho !== 'number') return {}
  return { [WJ]: softThreshold(rho, v.lambda) / update(v).denom }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
/** The value, unless it is not finite, right, or 0 (answering 0 is named on its own: `answered-zero`). */
function unlessCorrect(v: Variant, part: string, value: number): number | undefined {
  if (!Number.isFinite(value)) return undefined
  if (withinTolerance(value, solve(v)[part] as number, DEFAULT_TOLERANCE)) return undefined
  return withinTolerance(value, 0, DEFAULT_TOLERANCE) ? undefined : value
}

const denom = (v: Variant) => 2 * sums(v).G[v.j][v.j]
/** 2x̃_jᵀr with the full residual r = ỹ − X̃w (feature j's own contribution still in it). */
const rhoFull = (v: Variant) => lassoKkt(v.X, v.y, v.w, v.lambda).gradient[v.j]
/** 2x̃_jᵀỹ: no fitted part removed at all. */
const rhoY = (v: Variant) => 2 * sums(v).c[v.j]
/** S(z, t) without the max(·, 0): sign(z)(|z| − t). */
const unclamped = (z: number, t: number) => Math.sign(z) * (Math.abs(z) - t)

const mistakes: Misconception<Variant>[] = [
  {
    id: 'rho-full-residual',
    part: RHO,
    label: 'Used the full residual',
    description:
      'The full residual $\\tilde y - \\tilde X w$ still contains $\\tilde x_j w_j$, the current contribution of the very coefficient being updated. The partial residual $r_{-j}$ leaves it out.',
    value: (v) => unlessCorrect(v, RHO, rhoFull(v)),
  },
  {
    id: 'rho-used-y',
    part: RHO,
    label: 'Used $\\tilde y$ instead of the partial residual',
    description: 'The other features’ current contributions $\\tilde x_k w_k$ ($k \\ne j$) must be subtracted from $\\tilde y$ first.',
    value: (v) => unlessCorrect(v, RHO, rhoY(v)),
  },
  {
    id: 'rho-no-factor-2',
    part: RHO,
    label: 'Left out the factor 2',
    description: '$\\rho_j$ is defined with the factor 2 that the derivative of the squared error brings: $\\rho_j = 2\\tilde x_j^\\top r_{-j}$.',
    value: (v) => unlessCorrect(v, RHO, rhoOf(v) / 2),
  },
  {
    id: 'kept-own-contribution',
    part: WJ,
    label: 'Did not remove $w_j$’s own contribution from the residual',
    description:
      'With the full residual $r = \\tilde y - \\tilde X w$, the update must add back $\\tilde x_j w_j$: $r_{-j} = r + \\tilde x_j w_j$. Otherwise the new $w_j$ is computed as if the old one were 0.',
    value: (v) => unlessCorrect(v, WJ, softThreshold(rhoFull(v), v.lambda) / denom(v)),
  },
  {
    id: 'used-y',
    part: WJ,
    label: 'Ignored the other features',
    description: 'Using $\\tilde y$ instead of $r_{-j}$ updates $w_j$ as if every other coefficient were 0.',
    value: (v) => unlessCorrect(v, WJ, softThreshold(rhoY(v), v.lambda) / denom(v)),
  },
  {
    id: 'half-threshold',
    part: WJ,
    label: 'Thresholded at $\\lambda/2$',
    description:
      'With $\\rho_j = 2\\tilde x_j^\\top r_{-j}$ and denominator $2\\tilde x_j^\\top \\tilde x_j$, the threshold is $\\lambda$. The level $\\lambda/2$ belongs to the halved form $S(\\tilde x_j^\\top r_{-j}, \\lambda/2)/(\\tilde x_j^\\top \\tilde x_j)$: do not mix the two.',
    value: (v) => unlessCorrect(v, WJ, softThreshold(rhoOf(v), v.lambda / 2) / denom(v)),
  },
  {
    id: 'mixed-scaling',
    part: WJ,
    label: 'Mixed the two scalings',
    description:
      '$S(\\tilde x_j^\\top r_{-j}, \\lambda)/(\\tilde x_j^\\top \\tilde x_j)$ halves $\\rho_j$ but not the threshold. Either $S(2\\tilde x_j^\\top r_{-j}, \\lambda)/(2\\tilde x_j^\\top \\tilde x_j)$ or $S(\\tilde x_j^\\top r_{-j}, \\lambda/2)/(\\tilde x_j^\\top \\tilde x_j)$.',
    value: (v) => unlessCorrect(v, WJ, softThreshold(rhoOf(v) / 2, v.lambda) / (denom(v) / 2)),
  },
  {
    id: 'no-clamp',
    part: WJ,
    natural: true,
    label: 'Forgot the $\\max(\\cdot, 0)$ clamp',
    description:
      'When $|\\rho_j| \\le \\lambda$ the soft threshold gives exactly 0: the penalty’s constant pull $\\lambda$ beats the data’s pull $|\\rho_j|$ in both directions, so $w_j$ does not flip sign.',
    value: (v) => (Math.abs(rhoOf(v)) < v.lambda ? unlessCorrect(v, WJ, unclamped(rhoOf(v), v.lambda) / denom(v)) : undefined),
  },
  {
    id: 'denominator-no-2',
    part: WJ,
    label: 'Left the 2 out of the denominator',
    description:
      '$\\rho_j = 2\\tilde x_j^\\top r_{-j}$ carries the factor 2 of the squared error, so the curvature $2\\tilde x_j^\\top \\tilde x_j$ must carry it too: $w_j = S(\\rho_j, \\lambda)/(2\\tilde x_j^\\top \\tilde x_j)$, not $S(\\rho_j, \\lambda)/(\\tilde x_j^\\top \\tilde x_j)$.',
    value: (v) => unlessCorrect(v, WJ, softThreshold(rhoOf(v), v.lambda) / (denom(v) / 2)),
  },
  {
    id: 'answered-zero',
    part: WJ,
    natural: true,
    label: 'Set $w_j$ to 0 although $|\\rho_j| > \\lambda$',
    description: 'The update is exactly 0 only when $|\\rho_j| \\le \\lambda$; here the data’s pull $|\\rho_j|$ beats the penalty, so $w_j$ is shrunk by $\\lambda$, not zeroed.',
    value: (v) => ((solve(v)[WJ] as number) !== 0 ? 0 : undefined),
  },
  {
    id: 'no-threshold',
    part: WJ,
    label: 'Left out the penalty',
    description: '$\\rho_j/(2\\tilde x_j^\\top \\tilde x_j)$ is the least-squares coordinate update; the lasso soft-thresholds $\\rho_j$ at $\\lambda$ first.',
    value: (v) => unlessCorrect(v, WJ, rhoOf(v) / denom(v)),
  },
  {
    // Last: a named method whose value is itself small (the unpenalized ρ_j/(2x̃_jᵀx̃_j)) is diagnosed as that method.
    id: 'small-not-zero',
    part: WJ,
    natural: true,
    label: 'Gave a small number instead of exactly 0',
    description:
      'Since $|\\rho_j| \\le \\lambda$, the update is exactly 0, not close to it: the penalty’s constant pull $\\lambda$ does not fade as $w_j$ shrinks, so the soft threshold lands on 0 itself.',
    value: (v) => ((solve(v)[WJ] as number) === 0 ? 0.01 * Math.sign(rhoOf(v)) : undefined),
    matches: (v, a) => isSmallNonZero(a, solve(v)[WJ] as number, rhoOf(v) / denom(v)),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
const $ = (tex: string) => `$${tex}$`

function studentComment(v: Variant, s: Submission, part: string): string | null {
  const value = s[part]
  if (typeof value !== 'number') return null
  const g = template.grade(v, s).parts[part]
  if (!g) return null
  const yours = `Your answer ${$(texNum(value))}`
  if (g.carriedForward) return carriedForwardComment(yours, '$\\rho_j$', g)
  if (g.correct) return `${yours} is right.`
  const m = mistakes.find((k) => k.id === g.diagnosis)
  if (m) return `${yours} is what you get if: ${m.label.charAt(0).toLowerCase()}${m.label.slice(1)}. ${m.description}`
  return `${yours} does not match; compare it with the steps above.`
}

function derive(v: Variant, s?: Submission): Step[] {
  const S = sums(v)
  const j = v.j
  const J = jj(v)
  const others = v.w.map((_, k) => k).filter((k) => k !== j)
  const partial = S.yc.map((yi, i) => yi - others.reduce((acc, k) => acc + S.Xc[i][k] * v.w[k], 0))
  const rho = solve(v)[RHO] as number
  const wj = solve(v)[WJ] as number
  const Gjj = S.G[j][j]
  const lam = v.lambda
  const cell = (x: number) => $(texFrac(x))
  const steps: Step[] = [
    ...centeringSteps(v, S),
    {
      title: 'The one-coordinate problem',
      body:
        `With every $w_k$, $k \\ne ${J}$, fixed, the loss depends on $w_{${J}}$ through ` +
        `$$\\|r_{-${J}} - \\tilde x_{${J}} w_{${J}}\\|_2^2 + \\lambda|w_{${J}}| + \\text{const} = \\tilde x_{${J}}^\\top \\tilde x_{${J}}\\,w_{${J}}^2 - \\rho_{${J}}\\,w_{${J}} + \\lambda|w_{${J}}| + \\text{const},$$` +
        `a one-dimensional lasso. For $w_{${J}} \\ne 0$ its derivative is $2\\tilde x_{${J}}^\\top \\tilde x_{${J}}\\,w_{${J}} - \\rho_{${J}} + \\lambda\\operatorname{sign}(w_{${J}})$; ` +
        `setting it to 0, and allowing $w_{${J}} = 0$ where it jumps, gives the soft-threshold update` +
        `$$w_{${J}} \\leftarrow \\frac{S(\\rho_{${J}}, \\lambda)}{2\\,\\tilde x_{${J}}^\\top \\tilde x_{${J}}}, \\qquad S(z, t) = \\operatorname{sign}(z)\\max(|z| - t, 0).$$`,
    },
    {
      title: `The partial residual $r_{-${J}}$`,
      body: `Remove the other features’ current contributions: $r_{-${J}} = \\tilde y - ${others.map((k) => `${texParen(texNum(v.w[k]))}\\,\\tilde x_{${k + 1}}`).join(' - ')}$.`,
      table: {
        columns: ['$i$', '$\\tilde y_i$', `$r_{-${J},i}$`, `$\\tilde x_{i${J}}$`, `$\\tilde x_{i${J}}\\, r_{-${J},i}$`],
        rows: S.yc.map((yi, i) => [i + 1, cell(yi), cell(partial[i]), cell(S.Xc[i][j]), cell(S.Xc[i][j] * partial[i])]),
      },
    },
    {
      title: `$\\rho_{${J}}$`,
      body: `$$\\rho_{${J}} = 2\\,\\tilde x_{${J}}^\\top r_{-${J}} = 2 \\cdot ${texParen(texFrac(rho / 2))} ${texEq(rho)}$$`,
    },
    {
      title: `The update of $w_{${J}}$`,
      body:
        `$|\\rho_{${J}}| ${texEq(Math.abs(rho))} ${Math.abs(rho) <= lam ? '\\le' : '>'} \\lambda = ${lam}$` +
        (Math.abs(rho) <= lam
          ? `, so the penalty wins: $$w_{${J}} \\leftarrow \\frac{S(${texFrac(rho)}, ${lam})}{2 \\cdot ${texFrac(Gjj)}} = 0.$$ The coefficient is set exactly to 0, not to a small number of the opposite sign.`
          : `, so $$w_{${J}} \\leftarrow \\frac{${texFrac(rho)} ${rho > 0 ? '-' : '+'} ${lam}}{2 \\cdot ${texFrac(Gjj)}} ${texEq(wj)}.$$`) +
        ` (It was $${texNum(v.w[j])}$ before the update.)`,
    },
  ]
  const comments = s ? [RHO, WJ].map((p) => studentComment(v, s, p)).filter((x): x is string => x !== null) : []
  if (comments.length > 0) steps[steps.length - 1].body += `\n\n${comments.join('\n\n')}`
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'coordinate-descent-step',
  version: 3,
  topic: 'multi-feature',
  title: 'One coordinate-descent step of the lasso',
  description:
    'Two or three features: compute the partial-residual correlation ρ_j = 2x̃_jᵀr₋ⱼ and the soft-threshold update w_j ← S(ρ_j, λ)/(2x̃_jᵀx̃_j), landing on 0 or not.',
  params,
  generate,
  dataSlot: { features: (p: Params) => p.p },
  intro,
  parts,
  solve,
  mistakes,
  carryForward,
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

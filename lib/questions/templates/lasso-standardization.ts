/**
 * Standardization: change the units of one feature and see what the lasso does, with and without standardizing.
 *
 * Two features, loss ||y − Xw − b||² + λ||w||₁ (intercept not penalized). λ_max = max_j |2x̃_jᵀỹ| and the first
 * feature to enter is the argmax: both depend on the units, since multiplying x₂ by c multiplies x̃₂ᵀỹ by c. After
 * standardizing each column to unit (population) standard deviation the inner products become n·s_y·corr(x_j, y),
 * unchanged by the units: the zero set and the entry order no longer depend on them. Regime: the rescaling makes
 * the unstandardized first feature differ from the one with the larger |correlation| with y, so confusing
 * correlation with the inner product is diagnosable.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import { lassoBreakpoints, lassoLambdaMax, lassoPathCoefAt, standardizeColumns } from '@/lib/solver'
import { coefficientPaths } from '../figures/coefficientPaths'
import { fmt, texFrac, texFracApprox } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { Answers, GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { drawYesNo, opaqueIds, type YesNo, yesNoKind } from './shared/choice'
import { centeringSteps, dataTable, drawData, sums } from './shared/multi-feature'
import { unlessCorrect, yourAnswersStep } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    nMin: z.number().int().min(4).max(12).default(5),
    nMax: z.number().int().min(4).max(12).default(7),
    xMin: z.number().int().min(-10).max(10).default(0),
    xMax: z.number().int().min(-10).max(10).default(9),
    yMin: z.number().int().min(-20).max(20).default(0),
    yMax: z.number().int().min(-20).max(20).default(12),
    /** The unit changes offered: x₂ is multiplied by one of these. */
    factors: z.array(z.union([z.literal(10), z.literal(100), z.literal(1000)])).min(1).default([10, 100]),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })
  .refine((p) => p.xMin < p.xMax, { message: 'xMin must be below xMax', path: ['xMin'] })
  .refine((p) => p.yMin < p.yMax, { message: 'yMin must be below yMax', path: ['yMin'] })

export type Params = z.infer<typeof params>

export interface Variant {
  X: number[][]
  y: number[]
  /** x₂ is multiplied by this (e.g. metres to centimetres: 100). */
  factor: number
  /** Option ids for "x₁" and "x₂". */
  featureIds: string[]
  unitsMatter: YesNo
}

const P = { lambdaMax: 'lambdaMax', lambdaMaxScaled: 'lambdaMaxScaled', first: 'first', standardized: 'standardized' } as const

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const MAX_TRIES = 5000
const DISTINCT_TRIES = 1000

const rescaled = (v: Pick<Variant, 'X' | 'factor'>) => v.X.map((r) => [r[0], r[1] * v.factor])
/** |corr(x_j, y)| from centered sums (for the regime and the mistake; the answers come from lib/solver). */
function absCorr(v: Pick<Variant, 'X' | 'y'>): number[] {
  const s = sums(v)
  const syy = s.yc.reduce((a, t) => a + t * t, 0)
  return s.c.map((cj, j) => Math.abs(cj) / Math.sqrt(s.G[j][j] * syy))
}

function generate(rng: Rng, p: Params): Variant {
  const featureIds = opaqueIds(rng, 2)
  const unitsMatter = drawYesNo(rng)
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const d = drawData(rng, p, 2)
    const { G, c } = sums(d)
    if (!(G[0][0] > 0 && G[1][1] > 0) || c.some((cj) => cj === 0)) continue
    const factor = rng.pick(p.factors)
    const v: Variant = { ...d, factor, featureIds, unitsMatter }
    const corr = absCorr(v)
    if (Math.abs(corr[0] - corr[1]) < 0.05 * Math.max(...corr)) continue
    // Regime: after rescaling, the first to enter (unstandardized) is not the feature with the larger |correlation|.
    if (firstScaled(v) === (corr[0] > corr[1] ? 0 : 1)) continue
    const scaledC = [Math.abs(c[0]), factor * Math.abs(c[1])]
    if (Math.abs(scaledC[0] - scaledC[1]) < 0.05 * Math.max(...scaledC)) continue
    if (attempt < DISTINCT_TRIES && !distinct(v)) continue
    return v
  }
  throw new Error('standardization: could not draw data where the units change which feature enters first')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
const unitName = (f: number) => (f === 10 ? 'from centimetres to millimetres' : f === 100 ? 'from metres to centimetres' : 'from kilograms to grams')

function intro(v: Variant) {
  return {
    statement:
      `The lasso, loss $\\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1$ (intercept not penalized), is fitted to the data below, first as they are. ` +
      `Then feature $x_2$ is re-expressed ${unitName(v.factor)}: every $x_{i2}$ is multiplied by ${v.factor}, and nothing else changes.`,
    table: dataTable(v),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    { id: P.lambdaMax, prompt: '$\\lambda_{\\max}$ (the smallest $\\lambda$ at which both coefficients are exactly 0) for the data as given, without standardizing.', answer: { type: 'number', min: 0, domainReason: 'λ_max is a penalty, never negative' }, points: 1, label: '$\\lambda_{\\max} =$' },
    { id: P.lambdaMaxScaled, prompt: `$\\lambda_{\\max}$ after multiplying $x_2$ by ${v.factor}, still without standardizing.`, answer: { type: 'number', min: 0, domainReason: 'λ_max is a penalty, never negative' }, points: 1, label: '$\\lambda_{\\max}\' =$' },
    {
      id: P.first,
      prompt: `After multiplying $x_2$ by ${v.factor} (no standardizing), which feature enters the lasso path first as $\\lambda$ decreases?`,
      answer: { type: 'choice', options: v.featureIds.map((id, j) => ({ id, label: `$x_${j + 1}$` })) },
      points: 1,
    },
    {
      id: P.standardized,
      prompt: `If instead both features are standardized (centered and divided by their standard deviations) before fitting, does multiplying $x_2$ by ${v.factor} change which coefficients are zero at a given $\\lambda$, or the order in which they enter?`,
      answer: yesNoKind(v.unitsMatter),
      points: 1,
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function firstScaled(v: Pick<Variant, 'X' | 'y' | 'factor'>): number {
  const stars = lassoBreakpoints(rescaled(v), v.y).lambdaStar
  return stars[0] >= stars[1] ? 0 : 1
}

/** Whether standardizing makes the fit independent of the factor: the standardized data are the same. */
function standardizedChanges(v: Variant): boolean {
  const a = standardizeColumns(v.X).Z
  const b = standardizeColumns(rescaled(v)).Z
  return a.some((row, i) => row.some((z, j) => Math.abs(z - b[i][j]) > 1e-12 * Math.max(1, Math.abs(z))))
}

function solve(v: Variant): Answers {
  return {
    [P.lambdaMax]: lassoLambdaMax(v.X, v.y),
    [P.lambdaMaxScaled]: lassoLambdaMax(rescaled(v), v.y),
    [P.first]: v.featureIds[firstScaled(v)],
    [P.standardized]: standardizedChanges(v) ? v.unitsMatter.yes : v.unitsMatter.no,
  }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const cAbs = (v: Variant) => sums(v).c.map(Math.abs)
const num = (v: Variant, part: string, x: number) => unlessCorrect(x, solve(v)[part] as number)

const mistakes: Misconception<Variant>[] = [
  {
    id: 'no-factor-2',
    part: P.lambdaMax,
    label: 'Left out the factor 2',
    description: 'At $w = 0$ the condition is $|2\\tilde x_j^\\top\\tilde y| \\le \\lambda$ for every $j$, so $\\lambda_{\\max} = \\max_j |2\\tilde x_j^\\top \\tilde y|$.',
    value: (v) => num(v, P.lambdaMax, Math.max(...cAbs(v))),
  },
  {
    id: 'uncentered',
    part: P.lambdaMax,
    label: 'Did not center the data',
    description: 'The intercept is fitted, so the condition uses centered columns: $\\tilde x_j^\\top\\tilde y$, not $x_j^\\top y$.',
    value: (v) => num(v, P.lambdaMax, Math.max(...[0, 1].map((j) => Math.abs(2 * v.X.reduce((s, r, i) => s + r[j] * v.y[i], 0))))),
  },
  {
    id: 'units-do-not-matter',
    part: P.lambdaMaxScaled,
    label: 'Kept λ_max unchanged',
    description: 'Without standardizing, multiplying $x_2$ by $c$ multiplies $\\tilde x_2^\\top\\tilde y$ by $c$, so $|2\\tilde x_2^\\top\\tilde y|$ and possibly $\\lambda_{\\max}$ change.',
    value: (v) => num(v, P.lambdaMaxScaled, solve(v)[P.lambdaMax] as number),
  },
  {
    id: 'divided-by-factor',
    part: P.lambdaMaxScaled,
    label: 'Divided by the factor',
    description: 'The coefficient $w_2$ shrinks by $c$ (it multiplies a larger number), but the inner product $\\tilde x_2^\\top\\tilde y$, which decides $\\lambda_{\\max}$, grows by $c$.',
    value: (v) => num(v, P.lambdaMaxScaled, Math.max(2 * cAbs(v)[0], (2 * cAbs(v)[1]) / v.factor)),
  },
  {
    id: 'correlation-not-inner-product',
    part: P.first,
    label: 'Picked the feature most correlated with y',
    description:
      'Without standardizing, the first feature to enter has the largest $|\\tilde x_j^\\top\\tilde y|$, which grows with the units of $x_j$. The largest correlation decides only when the features are standardized.',
    value: (v) => {
      const corr = absCorr(v)
      const j = corr[0] > corr[1] ? 0 : 1
      return v.featureIds[j] === solve(v)[P.first] ? undefined : v.featureIds[j]
    },
  },
  {
    id: 'units-matter-after-standardizing',
    part: P.standardized,
    label: 'Thought the units still matter after standardizing',
    description: 'Standardizing divides $c\\,x_2$ by its standard deviation $c\\,s_2$: the factor cancels, the standardized data are identical, and so is every lasso fit on them.',
    value: (v) => (solve(v)[P.standardized] === v.unitsMatter.no ? v.unitsMatter.yes : undefined),
  },
]

function distinct(v: Variant): boolean {
  for (const part of [P.lambdaMax, P.lambdaMaxScaled]) {
    const vals = mistakes.filter((m) => m.part === part).map((m) => m.value(v)).filter((x): x is number => typeof x === 'number')
    for (let i = 0; i < vals.length; i++) for (let j = i + 1; j < vals.length; j++) if (Math.abs(vals[i] - vals[j]) <= 1e-3 * Math.abs(vals[j]) + 1e-6) return false
  }
  return true
}

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const S = sums(v)
  const a = solve(v)
  const corr = absCorr(v)
  const j0 = firstScaled(v)
  const steps: Step[] = [...centeringSteps(v, S)]
  steps.push({
    title: '$\\lambda_{\\max}$ as given',
    body: `$$\\lambda_{\\max} = \\max_j |2\\tilde x_j^\\top\\tilde y| = \\max(${texFrac(2 * Math.abs(S.c[0]))},\\ ${texFrac(2 * Math.abs(S.c[1]))}) = ${texFracApprox(a[P.lambdaMax] as number)}.$$`,
  })
  steps.push({
    title: `After multiplying $x_2$ by ${v.factor}`,
    body:
      `Centering commutes with the rescaling, so $\\tilde x_2$ becomes $${v.factor}\\,\\tilde x_2$ and $2\\tilde x_2^\\top\\tilde y$ becomes $${v.factor} \\cdot ${texFrac(2 * S.c[1])}$:` +
      `$$\\lambda_{\\max}' = \\max(${texFrac(2 * Math.abs(S.c[0]))},\\ ${texFrac(2 * v.factor * Math.abs(S.c[1]))}) = ${texFracApprox(a[P.lambdaMaxScaled] as number)},$$` +
      `reached by $x_${j0 + 1}$, which therefore enters first. (Its coefficient is ${v.factor} times smaller in the new units: the fitted values would be the same without a penalty, but the penalty $\\lambda|w_2|$ now costs ${v.factor} times less per unit of effect.)`,
  })
  steps.push({
    title: 'Correlation is not the inner product',
    body:
      `The correlations are $|\\mathrm{corr}(x_1, y)| = ${fmt(corr[0], 3)}$ and $|\\mathrm{corr}(x_2, y)| = ${fmt(corr[1], 3)}$, unchanged by units. ` +
      `They decide the order only on standardized data, where $\\tilde z_j^\\top\\tilde y = n\\,s_y\\,\\mathrm{corr}(x_j, y)$. Without standardizing, the order follows $|\\tilde x_j^\\top\\tilde y| = n\\,s_j\\,s_y|\\mathrm{corr}(x_j, y)|$, which carries the scale $s_j$ of each feature.`,
  })
  steps.push({
    title: 'With standardization',
    body: `$z_{i2} = (c\\,x_{i2} - c\\,\\bar x_2)/(c\\,s_2) = (x_{i2} - \\bar x_2)/s_2$: the factor cancels, the standardized data and every lasso fit on them are the same in either unit. So no: neither the zero set nor the entry order changes.`,
  })
  const X2 = rescaled(v)
  const path = lassoBreakpoints(X2, v.y)
  steps.push({
    title: 'The paths in the new units',
    body: `Unstandardized, after the change of units: $x_${j0 + 1}$ enters first, at $\\lambda = ${fmt(path.lambdas[0], 2)}$.`,
    figure: coefficientPaths({
      lambdaMax: path.lambdas[0] * 1.1,
      paths: [0, 1].map((j) => ({ label: `w${['₁', '₂'][j]}`, coef: (l: number) => lassoPathCoefAt(path, l)[j] })),
      breakpoints: path.lambdaStar,
      title: `Lasso paths after multiplying x₂ by ${v.factor}`,
    }),
  })
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'lasso-standardization',
  version: 2,
  topic: 'multi-feature',
  title: 'Units and standardization: λ_max and the entry order',
  description:
    'Two features; one is re-expressed in other units. λ_max before and after, which feature enters first without standardizing, and why standardizing makes the units irrelevant (correlation vs inner product).',
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

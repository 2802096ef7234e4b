/**
 * Choosing λ: read the lasso coefficient-path plot, then choose λ by k-fold cross-validation.
 *
 * Data: three features with real signal (y = β·x + noise, one strong, one weaker, one irrelevant feature, all drawn
 * from the seed), loss ||y − Xw − b||² + λ||w||₁. The path plot (exact breakpoints from lib/solver) is shown with the
 * question; parts: which feature enters first, how many coefficients are nonzero at a λ well inside a segment.
 * The CV table is lib/solver's lassoCrossValidation with folds dealt from a seeded shuffle (kFoldAssignment); the
 * student sees the mean validation error and its standard error per λ, rounded as shown, and the answers are
 * computed from the rounded table (chooseLambda): the λ of the minimum, and the one-standard-error choice (the
 * largest λ whose error is within one SE of the minimum). Regime: the one-SE choice differs from the minimum.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import { chooseLambda, kFoldAssignment, lassoBreakpoints, lassoCrossValidation, lassoPathCoefAt } from '@/lib/solver'
import { coefficientPaths } from '../figures/coefficientPaths'
import { fmt } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { Answers, GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { opaqueIds } from './shared/choice'
import { dataTable } from './shared/multi-feature'
import { hasSignal, normal } from './shared/signal'
import { yourAnswersStep } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z
  .object({
    nMin: z.number().int().min(12).max(40).default(15),
    nMax: z.number().int().min(12).max(40).default(18),
    /** Number of folds. */
    k: z.number().int().min(3).max(10).default(5),
    /** Standard deviation of the noise added to y (in y units). */
    noise: z.number().min(0.5).max(10).default(3),
  })
  .refine((p) => p.nMin <= p.nMax, { message: 'nMin must be at most nMax', path: ['nMin'] })

export type Params = z.infer<typeof params>

export interface Variant {
  X: number[][]
  y: number[]
  k: number
  /** The fold of each sample (from a seeded shuffle). */
  folds: number[]
  /** The λ grid of the CV table, decreasing. */
  lambdas: number[]
  /** The table as shown: mean CV error and its standard error, rounded to 2 decimals. */
  meanError: number[]
  standardError: number[]
  /** The λ at which the count part asks how many coefficients are nonzero. */
  lambdaCount: number
  /** Opaque option ids for the three features. */
  featureIds: string[]
}

const P = { first: 'first', count: 'count', lambdaMin: 'lambdaMin', lambdaOneSe: 'lambdaOneSe' } as const
const round2 = (x: number) => Math.round(x * 100) / 100

/** The exact path of a variant (lib/solver), computed once per variant object: grading asks for it many times. */
const pathCache = new WeakMap<Variant, ReturnType<typeof lassoBreakpoints>>()
function pathOf(v: Variant): ReturnType<typeof lassoBreakpoints> {
  let path = pathCache.get(v)
  if (!path) {
    path = lassoBreakpoints(v.X, v.y)
    pathCache.set(v, path)
  }
  return path
}

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const MAX_TRIES = 400
const DISTINCT_TRIES = 200

function generate(rng: Rng, p: Params): Variant {
  const featureIds = opaqueIds(rng, 3)
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const n = rng.int(p.nMin, p.nMax)
    const order = rng.shuffle([0, 1, 2])
    const beta = [0, 0, 0]
    beta[order[0]] = rng.pick([-1, 1]) * rng.int(2, 4)
    beta[order[1]] = rng.pick([-1, 1]) * rng.int(1, 2) * 0.5
    const X = Array.from({ length: n }, () => [rng.int(0, 9), rng.int(0, 9), rng.int(0, 9)])
    const y = X.map((row) => Math.round(row.reduce((s, x, j) => s + beta[j] * x, 0) + p.noise * normal(rng) + 10))
    // Real signal (shared/signal.ts): with the largest noise the instructor may set, R can fall below MIN_SIGNAL.
    if (!hasSignal(X, y)) continue
    const path = lassoBreakpoints(X, y)
    const bps = path.lambdas
    // Every feature enters, at well separated breakpoints.
    if (bps.length < 3 || path.lambdaStar.some((l) => !(l > 0))) continue
    const stars = [...path.lambdaStar].sort((a, b) => b - a)
    if (!(stars[0] > 1.3 * stars[1] && stars[1] > 1.3 * stars[2])) continue
    const lamMax = bps[0]
    // A λ inside a segment with 1 or 2 features active, at least 15% of the segment away from its ends.
    const seg = rng.int(0, 1)
    const hi = stars[seg]
    const lo = stars[seg + 1]
    const lambdaCount = Math.round(lo + (hi - lo) * (0.3 + 0.4 * rng.float()))
    if (!(lambdaCount > lo + 0.15 * (hi - lo) && lambdaCount < hi - 0.15 * (hi - lo))) continue
    // The CV grid: integers from 0.9·λ_max down to 0.01·λ_max, distinct.
    const lambdas = [...new Set([0.9, 0.6, 0.4, 0.25, 0.15, 0.08, 0.04, 0.01].map((f) => Math.max(1, Math.round(f * lamMax))))]
    if (lambdas.length < 6) continue
    const folds = kFoldAssignment(rng.shuffle(Array.from({ length: n }, (_, i) => i)), p.k)
    const cv = lassoCrossValidation(X, y, lambdas, folds)
    const meanError = cv.meanError.map(round2)
    const standardError = cv.standardError.map(round2)
    const v: Variant = { X, y, k: p.k, folds, lambdas, meanError, standardError, lambdaCount, featureIds }
    pathCache.set(v, path)
    const { best, oneSe } = chooseLambda(lambdas, meanError, standardError)
    if (best === oneSe) continue
    if (attempt < DISTINCT_TRIES && !allDistinct(v)) continue
    return v
  }
  throw new Error('choosing-lambda: could not draw data with a one-standard-error choice different from the minimum')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function pathFigure(v: Variant) {
  const path = pathOf(v)
  const lamMax = path.lambdas[0] * 1.1
  return coefficientPaths({
    lambdaMax: lamMax,
    paths: [0, 1, 2].map((j) => ({ label: `w${['₁', '₂', '₃'][j]}`, coef: (l: number) => lassoPathCoefAt(path, l)[j] })),
    title: 'Lasso coefficient paths for these data',
    alt: `Lasso coefficient paths of w₁, w₂ and w₃ against λ from 0 to ${fmt(lamMax)}. At λ = 0 they are ${lassoPathCoefAt(path, 0)
      .map((w, j) => `w${['₁', '₂', '₃'][j]} = ${fmt(w)}`)
      .join(', ')}; as λ grows each path shrinks and reaches exactly 0, one after another, and all are 0 from λ = ${fmt(path.lambdas[0])} on.`,
  })
}

function intro(v: Variant) {
  return {
    statement:
      `The lasso, loss $\\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1$ (intercept not penalized), is fitted to ${v.y.length} samples of three features. ` +
      `The plot shows its coefficient paths. Below it, ${v.k}-fold cross-validation: for each $\\lambda$ of a grid, the mean squared prediction error on the held-out folds and the standard error of that mean.`,
    table: {
      columns: ['$\\lambda$', 'mean CV error', 'standard error'],
      rows: v.lambdas.map((l, i) => [l, v.meanError[i].toFixed(2), v.standardError[i].toFixed(2)]),
      caption: `${v.k}-fold cross-validation`,
    },
    figure: pathFigure(v),
  }
}

function parts(v: Variant): PartSpec[] {
  return [
    {
      id: P.first,
      prompt: 'Reading the plot from large $\\lambda$ to small: which feature enters the model first?',
      answer: { type: 'choice', options: v.featureIds.map((id, j) => ({ id, label: `$${['x_1', 'x_2', 'x_3'][j]}$ (coefficient $w_{${j + 1}}$)` })) },
      points: 1,
    },
    { id: P.count, prompt: `From the plot: how many coefficients are nonzero at $\\lambda = ${v.lambdaCount}$?`, answer: { type: 'number', min: 0, max: 3, domainReason: 'there are three coefficients', integer: true }, points: 1, label: 'count $=$' },
    { id: P.lambdaMin, prompt: 'From the table: the $\\lambda$ with the smallest mean CV error.', answer: { type: 'number' }, points: 1, label: '$\\lambda_{\\min} =$' },
    {
      id: P.lambdaOneSe,
      prompt: 'From the table: the $\\lambda$ chosen by the one-standard-error rule.',
      answer: { type: 'number' },
      points: 2,
      label: '$\\lambda_{1\\mathrm{SE}} =$',
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function firstFeature(v: Variant): number {
  const stars = pathOf(v).lambdaStar
  return stars.indexOf(Math.max(...stars))
}

function solve(v: Variant): Answers {
  const path = pathOf(v)
  const { best, oneSe } = chooseLambda(v.lambdas, v.meanError, v.standardError)
  return {
    [P.first]: v.featureIds[firstFeature(v)],
    [P.count]: lassoPathCoefAt(path, v.lambdaCount).filter((w) => w !== 0).length,
    [P.lambdaMin]: v.lambdas[best],
    [P.lambdaOneSe]: v.lambdas[oneSe],
  }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const other = <T>(v: Variant, part: string, value: T): T | undefined => (value === solve(v)[part] ? undefined : value)
const bestIndex = (v: Variant) => chooseLambda(v.lambdas, v.meanError, v.standardError).best

const mistakes: Misconception<Variant>[] = [
  {
    id: 'last-to-enter',
    part: P.first,
    label: 'Picked the last feature to enter',
    description: 'As $\\lambda$ decreases from $\\lambda_{\\max}$ features enter one by one; the first is the one nonzero at the largest $\\lambda$.',
    value: (v) => {
      const stars = pathOf(v).lambdaStar
      return other(v, P.first, v.featureIds[stars.indexOf(Math.min(...stars))])
    },
  },
  {
    id: 'counted-zeros',
    part: P.count,
    label: 'Counted the zero coefficients',
    description: 'A coefficient is nonzero where its path is off the axis; the paths on the axis at this $\\lambda$ are the zero ones.',
    value: (v) => other(v, P.count, 3 - (solve(v)[P.count] as number)),
  },
  {
    id: 'smallest-lambda',
    part: P.lambdaMin,
    label: 'Took the smallest λ of the grid',
    description: 'The least penalized fit has the smallest training error, not the smallest validation error: read the row with the smallest mean CV error.',
    value: (v) => other(v, P.lambdaMin, Math.min(...v.lambdas)),
  },
  {
    id: 'smallest-se',
    part: P.lambdaMin,
    label: 'Took the row with the smallest standard error',
    description: 'The choice is by the mean CV error; the standard error only says how precisely that mean is known.',
    value: (v) => other(v, P.lambdaMin, v.lambdas[v.standardError.indexOf(Math.min(...v.standardError))]),
  },
  {
    id: 'min-for-one-se',
    part: P.lambdaOneSe,
    label: 'Gave the minimum-error λ',
    description: 'The one-standard-error rule moves from the minimum toward the simpler model: the largest $\\lambda$ whose mean error is at most the minimum plus its standard error.',
    value: (v) => other(v, P.lambdaOneSe, v.lambdas[bestIndex(v)]),
  },
  {
    id: 'one-se-wrong-side',
    part: P.lambdaOneSe,
    label: 'Moved toward smaller λ',
    description: 'Among the λ within one standard error of the minimum, the rule takes the largest (the sparsest, most regularized model), not the smallest.',
    value: (v) => {
      const b = bestIndex(v)
      const bound = v.meanError[b] + v.standardError[b]
      const within = v.lambdas.filter((_, i) => v.meanError[i] <= bound)
      return other(v, P.lambdaOneSe, Math.min(...within))
    },
  },
  {
    id: 'own-row-se',
    part: P.lambdaOneSe,
    label: 'Used each row’s own standard error',
    description: 'The bound is the minimum mean error plus the standard error at the minimum, $\\overline{\\mathrm{CV}}_{\\min} + \\mathrm{SE}_{\\min}$, the same for every row.',
    value: (v) => {
      const b = bestIndex(v)
      const within = v.lambdas.filter((_, i) => v.meanError[i] - v.standardError[i] <= v.meanError[b])
      return other(v, P.lambdaOneSe, Math.max(...within))
    },
  },
  {
    id: 'two-se',
    part: P.lambdaOneSe,
    label: 'Allowed two standard errors',
    description: 'The rule allows one standard error above the minimum, not two.',
    value: (v) => {
      const b = bestIndex(v)
      const within = v.lambdas.filter((_, i) => v.meanError[i] <= v.meanError[b] + 2 * v.standardError[b])
      return other(v, P.lambdaOneSe, Math.max(...within))
    },
  },
]

function allDistinct(v: Variant): boolean {
  for (const part of Object.values(P)) {
    const vals = mistakes.filter((m) => m.part === part).map((m) => m.value(v)).filter((x) => x !== undefined)
    if (new Set(vals).size !== vals.length) return false
  }
  return true
}

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const path = pathOf(v)
  const a = solve(v)
  const j0 = firstFeature(v)
  const { best, oneSe } = chooseLambda(v.lambdas, v.meanError, v.standardError)
  const bound = round2(v.meanError[best] + v.standardError[best])
  const steps: Step[] = [
    {
      title: 'The data',
      body: `The ${v.y.length} samples the paths and the cross-validation were computed from (each sample's fold is drawn at random for this question).`,
      table: { ...dataTable(v), rows: dataTable(v).rows.map((r, i) => [...r, v.folds[i] + 1]), columns: [...dataTable(v).columns, 'fold'] },
    },
    {
      title: 'Which feature enters first',
      body:
        `Each coefficient is 0 for $\\lambda$ above its entry point: ${path.lambdaStar.map((l, j) => `$w_{${j + 1}}$ at $\\lambda = ${fmt(l, 2)}$`).join(', ')}. ` +
        `The largest is $\\lambda_{\\max} = ${fmt(path.lambdas[0], 2)}$, where $x_{${j0 + 1}}$ enters first (it has the largest $|2\\tilde x_j^\\top\\tilde y|$).`,
    },
    {
      title: `Nonzero coefficients at $\\lambda = ${v.lambdaCount}$`,
      body: `At $\\lambda = ${v.lambdaCount}$ the paths give $w = (${lassoPathCoefAt(path, v.lambdaCount).map((w) => fmt(w, 3)).join(',\\ ')})$: ${a[P.count]} nonzero.`,
      figure: coefficientPaths({
        lambdaMax: path.lambdas[0] * 1.1,
        paths: [0, 1, 2].map((j) => ({ label: `w${['₁', '₂', '₃'][j]}`, coef: (l: number) => lassoPathCoefAt(path, l)[j] })),
        breakpoints: [v.lambdaCount, ...path.lambdaStar],
        title: `Coefficient paths with the entry points and λ = ${v.lambdaCount} marked`,
      }),
    },
    {
      title: 'The minimum of the CV error',
      body: `The smallest mean CV error in the table is $${v.meanError[best].toFixed(2)}$, at $\\lambda_{\\min} = ${v.lambdas[best]}$.`,
    },
    {
      title: 'The one-standard-error rule',
      body:
        `Allow one standard error above the minimum: $${v.meanError[best].toFixed(2)} + ${v.standardError[best].toFixed(2)} = ${bound.toFixed(2)}$. ` +
        `The rows within it have $\\lambda \\in \\{${v.lambdas.filter((_, i) => v.meanError[i] <= v.meanError[best] + v.standardError[best]).join(', ')}\\}$; ` +
        `the rule takes the largest, $\\lambda_{1\\mathrm{SE}} = ${v.lambdas[oneSe]}$: a sparser model whose error is statistically as good as the minimum.`,
      table: {
        columns: ['$\\lambda$', 'mean CV error', 'within one SE of the minimum?'],
        rows: v.lambdas.map((l, i) => [l, v.meanError[i].toFixed(2), v.meanError[i] <= v.meanError[best] + v.standardError[best] ? 'yes' : 'no']),
      },
    },
  ]
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'choosing-lambda',
  version: 2,
  topic: 'multi-feature',
  title: 'Choosing λ: the coefficient-path plot and cross-validation',
  description:
    'Three features with real signal: read which feature enters first and how many are nonzero from the path plot, then pick λ from a k-fold CV table (folds drawn from the seed) by the minimum and by the one-standard-error rule.',
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

/**
 * The two-feature (multi-feature) helpers the multi-feature templates share: data, centered sums, their
 * derivation steps, and the check that mistakes are distinguishable.
 * Rows of X are samples; the intercept is fitted by centering and never penalized.
 */
import type { Rng } from '@/lib/random'
import { type SuppliedData, sampleRows } from '../../data'
import { type DataRanges, drawSignalData } from './signal'
import { centerColumns, neumaierSum } from '@/lib/solver'
import { DEFAULT_TOLERANCE, scoreAnswer } from '../../answers'
import { texFrac, texEq } from '../../format'
import type { AnswerKind, AnswerValue, DataTable, Misconception, Step } from '../../types'

/** Rows of X are samples; small integers. */
export interface Data {
  X: number[][]
  y: number[]
}

export type { DataRanges } from './signal'

/**
 * n rows of p integer features uniform in their ranges and an integer response with real signal
 * (shared/signal.ts: y = a + Xb + noise, multiple correlation R ≥ MIN_SIGNAL; throws when the ranges allow no
 * such data); with an instructor's `data` (which has exactly p feature columns, checked when it is attached),
 * a subsample of its rows instead.
 */
export function drawData(rng: Rng, r: DataRanges, p: number, data?: SuppliedData): Data {
  return data ? sampleRows(rng, data) : drawSignalData(rng, r, p)
}

/** Centered sums: G = X̃ᵀX̃ and c = X̃ᵀỹ (compensated sums of centered products), with the centered data. */
export interface Sums {
  n: number
  p: number
  xMean: number[]
  yMean: number
  Xc: number[][]
  yc: number[]
  G: number[][]
  c: number[]
}

export function sums(d: Data): Sums {
  const { Xc, xMean, yc, yMean } = centerColumns(d.X, d.y)
  const n = d.y.length
  const p = d.X[0].length
  const col = (j: number) => Xc.map((row) => row[j])
  const dotc = (a: number[], b: number[]) => neumaierSum(a.map((ai, i) => ai * b[i]))
  const G = Array.from({ length: p }, (_, j) => Array.from({ length: p }, (_, k) => dotc(col(j), col(k))))
  const c = Array.from({ length: p }, (_, j) => dotc(col(j), yc))
  return { n, p, xMean, yMean, Xc, yc, G, c }
}

export const wTex = (j: number) => `w_{${j + 1}}`
export const xTex = (j: number) => `x_{${j + 1}}`
export const wLabels = (p: number) => Array.from({ length: p }, (_, j) => `$${wTex(j)}$`)

export function dataTable(d: Data): DataTable {
  const p = d.X[0].length
  return {
    columns: ['$i$', ...Array.from({ length: p }, (_, j) => `$${xTex(j)}$`), '$y$'],
    rows: d.X.map((row, i) => [i + 1, ...row, d.y[i]]),
    caption: 'The data',
  }
}

/** The derivation steps shared by the multi-feature templates: means, centered data, X̃ᵀX̃ and X̃ᵀỹ. */
export function centeringSteps(d: Data, s: Sums = sums(d)): Step[] {
  const cell = (x: number) => `$${texFrac(x)}$`
  const js = Array.from({ length: s.p }, (_, j) => j)
  const means = js.map((j) => `\\bar x_{${j + 1}} ${texEq(s.xMean[j])}`).concat(`\\bar y ${texEq(s.yMean)}`)
  const gram = js
    .map((j) => js.filter((k) => k >= j).map((k) => `\\tilde x_{${j + 1}}^\\top \\tilde x_{${k + 1}} = ${texFrac(s.G[j][k])}`).join(', \\quad '))
    .join(' \\\\ ')
  const cross = js.map((j) => `\\tilde x_{${j + 1}}^\\top \\tilde y = ${texFrac(s.c[j])}`).join(', \\quad ')
  return [
    {
      title: 'Center the data',
      body:
        'The intercept is not penalized, so it is fitted by centering: subtract the column means, fit $w$ on the centered data, and take $b = \\bar y - \\bar x^\\top w$ at the end. ' +
        `$$${means.join(', \\qquad ')}$$`,
      table: {
        columns: ['$i$', ...js.map((j) => `$\\tilde x_{i${j + 1}}$`), '$\\tilde y_i$'],
        rows: s.Xc.map((row, i) => [i + 1, ...row.map(cell), cell(s.yc[i])]),
      },
    },
    {
      title: '$\\tilde X^\\top \\tilde X$ and $\\tilde X^\\top \\tilde y$',
      body: `Sums of products of the centered columns:$$\\begin{gathered}${gram} \\\\ ${cross}\\end{gathered}$$`,
    },
  ]
}

/** Every defined value of the mistakes of `part` differs from every other (so each diagnosis is unambiguous). */
export function distinguishable<V>(mistakes: Misconception<V>[], v: V, part: string, kind: AnswerKind): boolean {
  const values = mistakes.filter((m) => m.part === part).map((m) => m.value(v)).filter((x): x is AnswerValue => x !== undefined)
  for (let i = 0; i < values.length; i++) {
    for (let j = 0; j < values.length; j++) {
      if (i !== j && scoreAnswer(kind, values[i], values[j], DEFAULT_TOLERANCE) === 1) return false
    }
  }
  return true
}

/** Solves the 2×2 system M·w = r by Cramer's rule (for the mistakes' values and the derivation). */
export function solve2(M: number[][], r: number[]): [number, number] {
  const det = M[0][0] * M[1][1] - M[0][1] * M[1][0]
  return [(M[1][1] * r[0] - M[0][1] * r[1]) / det, (M[0][0] * r[1] - M[1][0] * r[0]) / det]
}

/**
 * The "swapped the two components" mistake of a two-component vector part: the right vector `right(v)` with its
 * components exchanged, kept by `unless` (undefined where it is the right answer or does not apply).
 */
export function swappedComponents<V>(part: string, label: string, description: string, right: (v: V) => number[] | undefined, unless: (v: V, w: number[]) => number[] | undefined): Misconception<V> {
  return {
    id: 'swapped-components',
    part,
    label,
    description,
    value: (v) => {
      const w = right(v)
      return w?.length === 2 ? unless(v, [w[1], w[0]]) : undefined
    },
  }
}

/**
 * The 1-D building blocks the one-feature templates share: integer data params, drawing data, the data
 * table, the centered-sums derivation steps, the "your answers" step. Every 1-D derivation starts with
 * exactly the OLS sums.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import { type SuppliedData, sampleRows } from '../../data'
import { type DataRanges, drawSignalData } from './signal'
import { summarize1d } from '@/lib/solver'
import { DEFAULT_TOLERANCE, answersMatch, withinTolerance } from '../../answers'
import { texEqNum, texFrac, texFracApprox, texNum } from '../../format'
import type { AnswerValue, AnyTemplate, DataTable, GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../../types'

/** Instructor knobs for small integer data (n points, x and y ranges), with the reference template's defaults. */
export const dataFields = {
  nMin: z.number().int().min(3).max(30).default(5),
  nMax: z.number().int().min(3).max(30).default(8),
  xMin: z.number().int().min(-50).max(50).default(0),
  xMax: z.number().int().min(-50).max(50).default(9),
  yMin: z.number().int().min(-50).max(50).default(0),
  yMax: z.number().int().min(-50).max(50).default(12),
}

export type { DataRanges } from './signal'

/** The cross-field checks of `dataFields`, as a zod superRefine. */
export function checkDataRanges(p: DataRanges, ctx: z.RefinementCtx): void {
  if (p.nMin > p.nMax) ctx.addIssue({ code: 'custom', message: 'nMin must be at most nMax', path: ['nMin'] })
  if (p.xMin >= p.xMax) ctx.addIssue({ code: 'custom', message: 'xMin must be below xMax', path: ['xMin'] })
  if (p.yMin >= p.yMax) ctx.addIssue({ code: 'custom', message: 'yMin must be below yMax', path: ['yMin'] })
}

/**
 * n integer points with real signal (shared/signal.ts): x uniform in its range, y = a + b·x + noise rounded into
 * its range, |r| ≥ MIN_SIGNAL; throws when the ranges allow no such data. The caller checks its own regime and
 * redraws. With an instructor's `data`, a subsample of its rows instead (lib/questions/data.ts): the ranges do
 * not apply and the data keep whatever correlation they have.
 */
export function drawData(rng: Rng, p: DataRanges, data?: SuppliedData): { x: number[]; y: number[] } {
  const rows = data ? sampleRows(rng, data) : drawSignalData(rng, p, 1)
  return { x: rows.X.map((row) => row[0]), y: rows.y }
}

/** Answers "equal" in the chain `a = b = c` are written once: λ/2 = 7/2, never λ/2 = 7/2 = 7/2. */
export function texChain(...terms: string[]): string {
  return terms.filter((t, i) => i === 0 || t.replace(/\s/g, '') !== terms[i - 1].replace(/\s/g, '')).join(' = ')
}

/**
 * An integer penalty on one side of the threshold λ* (where the lasso slope becomes exactly 0):
 * 'zero': from the first integer at or past λ* (λ* itself only when `includeThreshold`) up to
 * ⌈upperFactor·λ*⌉; 'nonzero': from 1 up to the last integer strictly below λ*, or undefined when there is none
 * (the caller draws new data). One rng draw either way.
 */
export function drawLambdaBeside(
  rng: Rng,
  lamStar: number,
  side: 'zero' | 'nonzero',
  opts: { includeThreshold: boolean; upperFactor: number },
): number | undefined {
  if (side === 'zero') {
    const lo = opts.includeThreshold ? Math.ceil(lamStar) : Math.floor(lamStar) + 1
    return rng.int(lo, Math.max(lo, Math.ceil(opts.upperFactor * lamStar)))
  }
  // From a tenth of λ* up, so λ = 1 is not the most frequent penalty (it was whenever λ* was small).
  const hi = Math.ceil(lamStar) - 1
  return hi >= 1 ? rng.int(Math.min(hi, Math.max(1, Math.ceil(lamStar / 10))), hi) : undefined
}

/** The dataset as the student sees it. */
export function dataTable(x: readonly number[], y: readonly number[]): DataTable {
  return { columns: ['$i$', '$x_i$', '$y_i$'], rows: x.map((xi, i) => [i + 1, xi, y[i]]), caption: 'The data' }
}

/**
 * `value`, or undefined when it is not finite, is indistinguishable from `correct` (then it cannot be
 * diagnosed), or is 0: a student who answers 0 may think the coefficient vanishes, which is a different
 * mistake than the method that happens to land on 0 here (templates name "answered 0" on its own, `natural`).
 */
export function unlessCorrect(value: number | undefined, correct: number): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined
  if (withinTolerance(value, correct, DEFAULT_TOLERANCE)) return undefined
  return withinTolerance(value, 0, DEFAULT_TOLERANCE) ? undefined : value
}

/**
 * A small non-zero number where the answer is exactly 0 (0.01, 1e-3…): the lasso's 0 is exact, not "close to 0".
 * Answers within the tolerance of 0 are right; up to `SMALL_LIMIT` (or a tenth of the OLS size, if larger) they are this mistake.
 */
export const SMALL_LIMIT = 0.05
export function isSmallNonZero(answer: unknown, correct: number, olsSize: number): boolean {
  return correct === 0 && typeof answer === 'number' && !withinTolerance(answer, 0, DEFAULT_TOLERANCE) && Math.abs(answer) <= Math.max(SMALL_LIMIT, 0.1 * Math.abs(olsSize))
}

/** For every part, the defined misconception values differ pairwise (so each diagnosis is unambiguous). */
export function mistakesDistinguishable<V>(mistakes: Misconception<V>[], parts: PartSpec[], v: V): boolean {
  for (const part of parts) {
    const values = mistakes
      .filter((m) => m.part === part.id)
      .map((m) => m.value(v))
      .filter((x): x is AnswerValue => x !== undefined)
    for (let i = 0; i < values.length; i++) {
      for (let j = i + 1; j < values.length; j++) {
        if (answersMatch(part.answer, values[i], values[j]) || answersMatch(part.answer, values[j], values[i])) return false
      }
    }
  }
  return true
}

export const $ = (tex: string) => `$${tex}$`

/**
 * The first steps of every 1-D derivation: the means, the table of centered values and products, and
 * S_xx, S_xy (and S_yy when asked), all as exact fractions of the integer data.
 */
export function centeredSumsSteps(x: readonly number[], y: readonly number[], opts: { syy?: boolean } = {}): Step[] {
  const { n, xMean, yMean, Sxx, Sxy, Syy } = summarize1d(x, y)
  const sumX = x.reduce((a, b) => a + b, 0)
  const sumY = y.reduce((a, b) => a + b, 0)
  const dx = x.map((xi) => xi - xMean)
  const dy = y.map((yi) => yi - yMean)
  const cell = (v: number) => $(texFrac(v))
  // Σ/n, then its simplest form only when that differs (never "34/5 = 34/5"), then the decimal with "=" or "≈".
  const mean = (sum: number, m: number) => {
    const simplest = texFrac(m)
    return simplest === `\\frac{${sum}}{${n}}` ? texEqNum(m) : `= ${texFracApprox(m)}`
  }
  const columns = ['$i$', '$x_i$', '$y_i$', '$x_i - \\bar x$', '$y_i - \\bar y$', '$(x_i - \\bar x)^2$', '$(x_i - \\bar x)(y_i - \\bar y)$']
  if (opts.syy) columns.push('$(y_i - \\bar y)^2$')
  const rows = x.map((_, i) => {
    const row: (string | number)[] = [i + 1, x[i], y[i], cell(dx[i]), cell(dy[i]), cell(dx[i] * dx[i]), cell(dx[i] * dy[i])]
    if (opts.syy) row.push(cell(dy[i] * dy[i]))
    return row
  })
  const total: (string | number)[] = ['$\\sum$', sumX, sumY, '$0$', '$0$', cell(Sxx), cell(Sxy)]
  if (opts.syy) total.push(cell(Syy))
  return [
    {
      title: 'Means',
      body:
        `$$\\bar x = \\frac{1}{${n}}\\sum_{i=1}^{${n}} x_i = \\frac{${sumX}}{${n}} ${mean(sumX, xMean)}, \\qquad ` +
        `\\bar y = \\frac{1}{${n}}\\sum_{i=1}^{${n}} y_i = \\frac{${sumY}}{${n}} ${mean(sumY, yMean)}$$`,
    },
    {
      title: 'Centered values and products',
      body: 'Subtract the means, then square the centered $x$ and multiply the centered $x$ and $y$:',
      table: { columns, rows: [...rows, total] },
    },
    {
      title: '$S_{xx}$ and $S_{xy}$',
      body:
        `$$S_{xx} = \\sum_{i=1}^{${n}} (x_i - \\bar x)^2 = ${texFracApprox(Sxx)}, \\qquad ` +
        `S_{xy} = \\sum_{i=1}^{${n}} (x_i - \\bar x)(y_i - \\bar y) = ${texFracApprox(Sxy)}$$` +
        (opts.syy ? `$$S_{yy} = \\sum_{i=1}^{${n}} (y_i - \\bar y)^2 = ${texFracApprox(Syy)}$$` : ''),
    },
  ]
}

/** A part's label as a name: "$m =$" → "$m$" (the input label's trailing "=" dropped). */
function partName(label: string): string {
  // "count $=$" → "count"; "$\lambda^* =$" → "$\lambda^*$"; "slope =" → "slope".
  return label
    .replace(/\s*\$\s*=\s*\$\s*$/, '')
    .replace(/\s*=\s*\$$/, '$')
    .replace(/\s*=\s*$/, '')
}

/**
 * A closing step that says, part by part, how the student's answers were graded (and which mistake each
 * shows): one line per answered part, "Part k (label): your answer … is …", k the part's 1-based position.
 */
export function yourAnswersStep<V>(template: QuestionTemplate<unknown, V> | AnyTemplate, v: V, s: Submission, opts?: GradeOptions): Step | null {
  const parts = template.parts(v) as PartSpec[]
  // The item's tolerance (when it has one): the verdicts here must be those of the grade, also after a regrade.
  const grade = template.grade(v, s, opts)
  const lines: string[] = []
  parts.forEach((part, k) => {
    const value = s[part.id]
    const g = grade.parts[part.id]
    if (value === undefined || !g) return
    const shown =
      typeof value === 'number'
        ? $(texNum(value))
        : value === null
          ? 'undefined'
          : part.answer.type === 'choice'
            ? [value]
                .flat()
                .map((id) => (part.answer.type === 'choice' ? (part.answer.options.find((o) => o.id === id)?.label ?? String(id)) : String(id)))
                .map((label) => `“${label}”`)
                .join(', ')
            : String(value)
    const name = part.label ? `Part ${k + 1} (${partName(part.label)})` : `Part ${k + 1}`
    let verdict: string
    if (g.carriedForward) verdict = 'consistent with your earlier answers (full credit, error carried forward).'
    else if (g.correct) verdict = 'correct.'
    else {
      const m = template.mistakes.find((x) => x.id === g.diagnosis)
      verdict = m ? `not correct: ${m.label.charAt(0).toLowerCase()}${m.label.slice(1)}. ${m.description}` : 'not correct; compare it with the steps above.'
    }
    lines.push(`${name}: your answer ${shown} is ${verdict}`)
  })
  return lines.length > 0 ? { title: 'Your answers', body: lines.join('\n') } : null
}

/** The `dataSlot` of every one-feature template: one feature column and a response. */
export const ONE_FEATURE_SLOT = { features: () => 1 }

/**
 * The 1-D building blocks the one-feature templates share: integer data params, drawing data, the data
 * table, the centered-sums derivation steps, the "your answers" step. Every 1-D derivation starts with
 * exactly the OLS sums.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import { summarize1d } from '@/lib/solver'
import { DEFAULT_TOLERANCE, answersMatch, withinTolerance } from '../../answers'
import { texFrac, texFracApprox, texNum } from '../../format'
import type { AnswerValue, AnyTemplate, DataTable, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../../types'

/** Instructor knobs for small integer data (n points, x and y ranges), with the reference template's defaults. */
export const dataFields = {
  nMin: z.number().int().min(3).max(30).default(5),
  nMax: z.number().int().min(3).max(30).default(8),
  xMin: z.number().int().min(-50).max(50).default(0),
  xMax: z.number().int().min(-50).max(50).default(9),
  yMin: z.number().int().min(-50).max(50).default(0),
  yMax: z.number().int().min(-50).max(50).default(12),
}

export interface DataRanges {
  nMin: number
  nMax: number
  xMin: number
  xMax: number
  yMin: number
  yMax: number
}

/** The cross-field checks of `dataFields`, as a zod superRefine. */
export function checkDataRanges(p: DataRanges, ctx: z.RefinementCtx): void {
  if (p.nMin > p.nMax) ctx.addIssue({ code: 'custom', message: 'nMin must be at most nMax', path: ['nMin'] })
  if (p.xMin >= p.xMax) ctx.addIssue({ code: 'custom', message: 'xMin must be below xMax', path: ['xMin'] })
  if (p.yMin >= p.yMax) ctx.addIssue({ code: 'custom', message: 'yMin must be below yMax', path: ['yMin'] })
}

/** n integer points, uniform in the ranges. The caller checks the regime and redraws. */
export function drawData(rng: Rng, p: DataRanges): { x: number[]; y: number[] } {
  const n = rng.int(p.nMin, p.nMax)
  const x = Array.from({ length: n }, () => rng.int(p.xMin, p.xMax))
  const y = Array.from({ length: n }, () => rng.int(p.yMin, p.yMax))
  return { x, y }
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
  const hi = Math.ceil(lamStar) - 1
  return hi >= 1 ? rng.int(1, hi) : undefined
}

/** The dataset as the student sees it. */
export function dataTable(x: readonly number[], y: readonly number[]): DataTable {
  return { columns: ['$i$', '$x_i$', '$y_i$'], rows: x.map((xi, i) => [i + 1, xi, y[i]]), caption: 'The data' }
}

/** `value`, or undefined when it is not finite or is indistinguishable from `correct` (then it cannot be diagnosed). */
export function unlessCorrect(value: number | undefined, correct: number): number | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined
  return withinTolerance(value, correct, DEFAULT_TOLERANCE) ? undefined : value
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
  const mean = (sum: number, m: number) => {
    const simplest = texFrac(m)
    return simplest === `\\frac{${sum}}{${n}}` ? `${simplest} \\approx ${texNum(m)}` : texFracApprox(m)
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
        `$$\\bar x = \\frac{1}{${n}}\\sum_{i=1}^{${n}} x_i = \\frac{${sumX}}{${n}} = ${mean(sumX, xMean)}, \\qquad ` +
        `\\bar y = \\frac{1}{${n}}\\sum_{i=1}^{${n}} y_i = \\frac{${sumY}}{${n}} = ${mean(sumY, yMean)}$$`,
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
  return label.replace(/\s*=\s*\$$/, '$').replace(/\s*=\s*$/, '')
}

/**
 * A closing step that says, part by part, how the student's answers were graded (and which mistake each
 * shows): one line per answered part, "Part k (label): your answer … is …", k the part's 1-based position.
 */
export function yourAnswersStep<V>(template: QuestionTemplate<unknown, V> | AnyTemplate, v: V, s: Submission): Step | null {
  const parts = template.parts(v) as PartSpec[]
  const grade = template.grade(v, s)
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

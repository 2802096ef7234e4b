/**
 * Ordinary least squares on one feature, step by step: x̄, ȳ, S_xx, S_xy, then m = S_xy/S_xx and
 * b = ȳ − m·x̄. Errors are carried forward: m is also accepted as the student's own S_xy/S_xx, and b as the
 * student's own ȳ − m·x̄.
 *
 * Loss Σ(y_i − m·x_i − b)², no penalty. Small integer data, so the derivation shows exact fractions.
 */
import { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from '../data'
import { ols1d, summarize1d } from '@/lib/solver'
import { withinTolerance } from '../answers'
import { dataWithLines, type FigureLine } from '../figures'
import { asFraction, eqSign, texFrac, texNum, texParen, texValueAfter, texEq } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { GradeOptions, Misconception, PartSpec, QuestionTemplate, Step, Submission } from '../types'
import { centeredSumsSteps, checkDataRanges, dataFields, dataTable, drawData, mistakesDistinguishable, unlessCorrect, yourAnswersStep, ONE_FEATURE_SLOT } from './shared/one-feature'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
export const params = z.object({ ...dataFields }).superRefine(checkDataRanges)

export type Params = z.infer<typeof params>

export interface Variant {
  x: number[]
  y: number[]
}

const P = { xMean: 'xMean', yMean: 'yMean', Sxx: 'Sxx', Sxy: 'Sxy', m: 'm', b: 'b' } as const

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
const DISTINCT_TRIES = 400
const MAX_TRIES = 5000

function generate(rng: Rng, p: Params, data?: SuppliedData): Variant {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const { x, y } = drawData(rng, p, data)
    const { Sxx, Sxy, Syy } = summarize1d(x, y)
    // S_xx > 0: the slope exists; S_xy ≠ 0 and S_yy > 0: the line is not flat and the swapped ratios exist.
    if (!(Sxx > 0) || Sxy === 0 || !(Syy > 0)) continue
    const v: Variant = { x, y }
    if (attempt < DISTINCT_TRIES && !mistakesDistinguishable(mistakes, parts(), v)) continue
    return v
  }
  throw new Error('ols-1d: could not draw data with S_xx > 0 and S_xy ≠ 0 in the given ranges')
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
function intro(v: Variant) {
  return {
    statement:
      `A line $\\hat y = mx + b$ is fitted to the ${v.x.length} points below by ordinary least squares, which minimizes` +
      '$$L(m, b) = \\sum_{i=1}^{n} (y_i - m x_i - b)^2.$$' +
      'Work it out step by step. Later parts are graded against your own earlier answers where they use them, ' +
      'so a slip early on costs only that part.',
    table: dataTable(v.x, v.y),
  }
}

function parts(): PartSpec[] {
  const num = { type: 'number' as const }
  return [
    { id: P.xMean, prompt: 'The mean $\\bar x$ of the $x_i$.', answer: num, points: 1, label: '$\\bar x =$' },
    { id: P.yMean, prompt: 'The mean $\\bar y$ of the $y_i$.', answer: num, points: 1, label: '$\\bar y =$' },
    { id: P.Sxx, prompt: '$S_{xx} = \\sum_{i=1}^{n} (x_i - \\bar x)^2$.', answer: num, points: 1, label: '$S_{xx} =$' },
    { id: P.Sxy, prompt: '$S_{xy} = \\sum_{i=1}^{n} (x_i - \\bar x)(y_i - \\bar y)$.', answer: num, points: 1, label: '$S_{xy} =$' },
    { id: P.m, prompt: 'The least-squares slope $m$.', answer: num, points: 2, label: '$m =$' },
    { id: P.b, prompt: 'The least-squares intercept $b$.', answer: num, points: 2, label: '$b =$' },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function solve(v: Variant): Record<string, number> {
  const s = summarize1d(v.x, v.y)
  const line = ols1d(v.x, v.y)
  return { [P.xMean]: s.xMean, [P.yMean]: s.yMean, [P.Sxx]: s.Sxx, [P.Sxy]: s.Sxy, [P.m]: line.slope, [P.b]: line.intercept }
}

/** m from the student's own S_xy and S_xx; b from the student's own ȳ, m and x̄. */
function carryForward(_v: Variant, s: Submission) {
  const num = (k: string) => (typeof s[k] === 'number' ? (s[k] as number) : undefined)
  const out: Record<string, number> = {}
  const sxx = num(P.Sxx)
  const sxy = num(P.Sxy)
  if (sxx !== undefined && sxy !== undefined && sxx !== 0) out[P.m] = sxy / sxx
  const ym = num(P.yMean)
  const xm = num(P.xMean)
  const m = num(P.m)
  if (ym !== undefined && xm !== undefined && m !== undefined) out[P.b] = ym - m * xm
  return out
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
const stats = (v: Variant) => summarize1d(v.x, v.y)
const sum = (a: readonly number[]) => a.reduce((acc, t) => acc + t, 0)
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((acc, t, i) => acc + t * b[i], 0)
const correct = (v: Variant, part: string) => solve(v)[part]

const mistakes: Misconception<Variant>[] = [
  {
    id: 'mean-sum',
    part: P.xMean,
    label: 'Gave the sum instead of the mean',
    description: 'The mean divides the sum by the number of points: $\\bar x = \\frac{1}{n}\\sum x_i$.',
    value: (v) => unlessCorrect(sum(v.x), correct(v, P.xMean)),
  },
  {
    id: 'mean-n-minus-1',
    part: P.xMean,
    label: 'Divided by $n - 1$',
    description: 'The mean divides by $n$; $n - 1$ belongs to the sample variance, not to the mean.',
    value: (v) => unlessCorrect(sum(v.x) / (v.x.length - 1), correct(v, P.xMean)),
  },
  {
    id: 'ymean-sum',
    part: P.yMean,
    label: 'Gave the sum instead of the mean',
    description: 'The mean divides the sum by the number of points: $\\bar y = \\frac{1}{n}\\sum y_i$.',
    value: (v) => unlessCorrect(sum(v.y), correct(v, P.yMean)),
  },
  {
    id: 'sxx-uncentered',
    part: P.Sxx,
    label: 'Did not center $x$',
    description: '$S_{xx}$ squares the centered values $x_i - \\bar x$; $\\sum x_i^2$ is a different quantity (it is $S_{xx} + n\\bar x^2$).',
    value: (v) => unlessCorrect(dot(v.x, v.x), correct(v, P.Sxx)),
  },
  {
    id: 'sxx-over-n',
    part: P.Sxx,
    label: 'Gave the variance instead of the sum',
    description: '$S_{xx}$ is the sum $\\sum (x_i - \\bar x)^2$, not divided by $n$ (or $n - 1$).',
    value: (v) => unlessCorrect(stats(v).Sxx / v.x.length, correct(v, P.Sxx)),
  },
  {
    id: 'sxx-over-n-minus-1',
    part: P.Sxx,
    label: 'Gave the sample variance instead of the sum',
    description: '$S_{xx}$ is the sum $\\sum (x_i - \\bar x)^2$, not divided by $n - 1$.',
    value: (v) => unlessCorrect(stats(v).Sxx / (v.x.length - 1), correct(v, P.Sxx)),
  },
  {
    id: 'sxy-uncentered',
    part: P.Sxy,
    label: 'Did not center the data',
    description: '$S_{xy}$ multiplies the centered values $(x_i - \\bar x)(y_i - \\bar y)$; $\\sum x_i y_i$ is $S_{xy} + n\\bar x\\bar y$.',
    value: (v) => unlessCorrect(dot(v.x, v.y), correct(v, P.Sxy)),
  },
  {
    id: 'sxy-over-n',
    part: P.Sxy,
    label: 'Gave the covariance instead of the sum',
    description: '$S_{xy}$ is the sum $\\sum (x_i - \\bar x)(y_i - \\bar y)$, not divided by $n$.',
    value: (v) => unlessCorrect(stats(v).Sxy / v.x.length, correct(v, P.Sxy)),
  },
  {
    id: 'sxy-over-n-minus-1',
    part: P.Sxy,
    label: 'Gave the sample covariance instead of the sum',
    description: '$S_{xy}$ is the sum $\\sum (x_i - \\bar x)(y_i - \\bar y)$, not divided by $n - 1$.',
    value: (v) => unlessCorrect(stats(v).Sxy / (v.x.length - 1), correct(v, P.Sxy)),
  },
  {
    id: 'sxy-used-syy',
    part: P.Sxy,
    label: 'Computed $S_{yy}$',
    description: '$S_{xy}$ multiplies the centered $x$ by the centered $y$; $\\sum (y_i - \\bar y)^2$ is $S_{yy}$.',
    value: (v) => unlessCorrect(stats(v).Syy, correct(v, P.Sxy)),
  },
  {
    id: 'slope-uncentered',
    part: P.m,
    label: 'Used uncentered sums (a line through the origin)',
    description:
      '$\\sum x_i y_i / \\sum x_i^2$ is the slope of the best line through the origin. With a fitted intercept the slope is $S_{xy}/S_{xx}$, from centered sums.',
    value: (v) => unlessCorrect(dot(v.x, v.y) / dot(v.x, v.x), correct(v, P.m)),
  },
  {
    id: 'slope-inverted',
    part: P.m,
    label: 'Inverted the ratio',
    description: 'The slope is $S_{xy}/S_{xx}$ (cross-products over the spread of $x$), not $S_{xx}/S_{xy}$.',
    value: (v) => unlessCorrect(stats(v).Sxx / stats(v).Sxy, correct(v, P.m)),
  },
  {
    id: 'slope-used-syy',
    part: P.m,
    label: 'Divided by $S_{yy}$',
    description: '$S_{xy}/S_{yy}$ is the slope of $x$ regressed on $y$. To predict $y$ from $x$, divide by the spread of $x$: $m = S_{xy}/S_{xx}$.',
    value: (v) => unlessCorrect(stats(v).Sxy / stats(v).Syy, correct(v, P.m)),
  },
  {
    id: 'slope-mixed-n',
    part: P.m,
    label: 'Mixed $n - 1$ and $n$',
    description:
      'Covariance over variance gives $m$ only when both divide by the same number: $\\frac{S_{xy}/(n-1)}{S_{xx}/(n-1)} = \\frac{S_{xy}}{S_{xx}}$. The sample covariance ($n - 1$) over the population variance ($n$) is off by $\\frac{n}{n-1}$.',
    value: (v) => unlessCorrect(stats(v).Sxy / (v.x.length - 1) / (stats(v).Sxx / v.x.length), correct(v, P.m)),
  },
  {
    id: 'slope-sign',
    part: P.m,
    natural: true,
    label: 'Wrong sign of the slope',
    description: 'The slope has the sign of $S_{xy}$ ($S_{xx}$ is positive): when $x$ and $y$ rise together it is positive, when $y$ falls as $x$ rises it is negative.',
    value: (v) => unlessCorrect(-correct(v, P.m), correct(v, P.m)),
  },
  {
    id: 'slope-is-r',
    part: P.m,
    label: 'Gave the correlation $r$ as the slope',
    description:
      '$r = S_{xy}/\\sqrt{S_{xx}S_{yy}}$ measures how closely the points follow a line, without units; the slope $m = S_{xy}/S_{xx} = r\\sqrt{S_{yy}/S_{xx}}$ is in units of $y$ per unit of $x$.',
    value: (v) => unlessCorrect(stats(v).Sxy / Math.sqrt(stats(v).Sxx * stats(v).Syy), correct(v, P.m)),
  },
  {
    id: 'slope-over-n',
    part: P.m,
    label: 'Divided only the numerator by $n$',
    description: 'Dividing $S_{xy}$ by $n$ (covariance) needs the same division of $S_{xx}$ (variance); the ratio $S_{xy}/S_{xx}$ has no $n$ in it.',
    value: (v) => unlessCorrect(stats(v).Sxy / v.x.length / stats(v).Sxx, correct(v, P.m)),
  },
  {
    id: 'intercept-sign',
    part: P.b,
    label: 'Sign error in the intercept',
    description: 'The line passes through $(\\bar x, \\bar y)$: $\\bar y = m\\bar x + b$, so $b = \\bar y - m\\bar x$, not $\\bar y + m\\bar x$.',
    value: (v) => unlessCorrect(stats(v).yMean + ols1d(v.x, v.y).slope * stats(v).xMean, correct(v, P.b)),
  },
  {
    id: 'intercept-swapped',
    part: P.b,
    label: 'Swapped $x$ and $y$ in the intercept',
    description: 'The intercept is $b = \\bar y - m\\bar x$ (the mean of $y$ minus the slope times the mean of $x$), not $\\bar x - m\\bar y$.',
    value: (v) => unlessCorrect(stats(v).xMean - ols1d(v.x, v.y).slope * stats(v).yMean, correct(v, P.b)),
  },
  {
    id: 'intercept-mean-y',
    part: P.b,
    label: 'Gave $\\bar y$ as the intercept',
    description: '$b$ is where the line meets $x = 0$, not its height at $\\bar x$: $b = \\bar y - m\\bar x$.',
    value: (v) => unlessCorrect(stats(v).yMean, correct(v, P.b)),
  },
]

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
/** "= \\frac{3}{5}\\,x + \\frac{11}{5}, \\qquad \\hat y = 0.6\\,x + 2.2" (after "\\hat y"), "≈" before rounded decimals. */
function fittedLine(m: number, b: number): string {
  const line = (tex: (x: number) => string) => `${tex(m)}\\,x ${b < 0 ? '-' : '+'} ${tex(Math.abs(b))}`
  const decimals = line((x) => texNum(x))
  const decimalsExact = eqSign(m) === '=' && eqSign(b) === '='
  if (!asFraction(m) || !asFraction(b)) return `${decimalsExact ? '=' : '\\approx'} ${decimals}`
  const exact = line((x) => texFrac(x))
  if (exact === decimals) return `= ${exact}`
  return `= ${exact}, \\qquad \\hat y ${decimalsExact ? '=' : '\\approx'} ${decimals}`
}

function derive(v: Variant, s?: Submission, opts?: GradeOptions): Step[] {
  const { xMean, yMean, Sxx, Sxy } = stats(v)
  const { slope: m, intercept: b } = ols1d(v.x, v.y)
  const steps = centeredSumsSteps(v.x, v.y)
  steps.push(
    {
      title: 'Slope',
      body:
        'Setting the derivatives of $L$ with respect to $b$ and $m$ to zero gives $b = \\bar y - m\\bar x$ and, with it,' +
        `$$m = \\frac{S_{xy}}{S_{xx}} = \\frac{${texFrac(Sxy)}}{${texFrac(Sxx)}} ${texValueAfter(`\\frac{${texFrac(Sxy)}}{${texFrac(Sxx)}}`, m)}.$$`,
    },
    {
      title: 'Intercept',
      body:
        'The least-squares line passes through the point of means $(\\bar x, \\bar y)$:' +
        `$$b = \\bar y - m\\bar x = ${texFrac(yMean)} - ${texParen(texFrac(m))} \\cdot ${texParen(texFrac(xMean))} ${texEq(b)}.$$`,
    },
  )
  const lines: FigureLine[] = [{ slope: m, intercept: b, label: 'least squares' }]
  const sm = s?.[P.m]
  const sb = s?.[P.b]
  if (typeof sm === 'number' && typeof sb === 'number' && !(withinTolerance(sm, m) && withinTolerance(sb, b))) {
    lines.push({ slope: sm, intercept: sb, label: 'your line' })
  }
  steps.push({
    title: 'The fitted line',
    body: `$$\\hat y ${fittedLine(m, b)}$$`,
    figure: dataWithLines({ x: v.x, y: v.y, lines, title: 'The data and the least-squares line' }),
  })
  const mine = s ? yourAnswersStep(template, v, s, opts) : null
  if (mine) steps.push(mine)
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'ols-1d',
  version: 2,
  topic: 'ols',
  title: 'Least-squares slope and intercept, step by step',
  description:
    'One feature, small integer data: compute x̄, ȳ, S_xx, S_xy, then the OLS slope and intercept. A slip in an early part costs only that part.',
  params,
  generate,
  dataSlot: ONE_FEATURE_SLOT,
  intro,
  parts,
  solve,
  carryForward,
  mistakes,
  grade: (v, s, opts) => gradeWithMisconceptions(template, v, s, opts),
  derive,
}

export default template

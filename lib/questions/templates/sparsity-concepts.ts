/**
 * Why the lasso gives exact zeros and ridge does not: randomized multiple choice.
 *
 * One of four questions (the geometry of the L1 diamond, the constant pull of |w| near 0, the subgradient
 * interval at 0, the smooth L2 circle), each answered by a statement from the course notes; the wrong
 * options are drawn from a pool of attractive wrong explanations, each one a named misconception. Options
 * are shuffled per variant and their ids are opaque. The derivation illustrates the answer with this
 * variant's numbers: the two penalties' pull on a small coefficient, and a two-feature example (orthogonal
 * features) where the lasso zeroes a coefficient and ridge does not, with the diamond and the circle.
 * Reads top to bottom: params → generate → parts → solve → mistakes → grade → derive.
 */
import { z } from 'zod'
import { softThreshold } from '@/lib/solver'
import type { Rng } from '@/lib/random'
import { constraintGeometry } from '../figures'
import { texFrac, texNum } from '../format'
import { gradeWithMisconceptions } from '../grading'
import type { Misconception, QuestionTemplate, Step, Submission } from '../types'
import { opaqueIds } from './shared/choice'

// ── Params ─────────────────────────────────────────────────────────────────────────────────────────
const STEMS = ['geometry', 'gradient', 'subgradient', 'ridge'] as const
export type Stem = (typeof STEMS)[number]

export const params = z.object({
  /** Which questions may be asked; one is drawn per variant. */
  stems: z.array(z.enum(STEMS)).min(1).default([...STEMS]),
  /** How many options are shown (one is right). */
  options: z.number().int().min(3).max(5).default(4),
})

export type Params = z.infer<typeof params>

// ── The statements ─────────────────────────────────────────────────────────────────────────────────
interface Question {
  prompt: string
  /** The right answer, in the words of the course notes. */
  correct: string
  /** Why it is right (math text), for the derivation. */
  why: string
  /** The wrong explanations that are tempting for this question. */
  distractors: DistractorKey[]
}

const QUESTIONS: Record<Stem, Question> = {
  geometry: {
    prompt:
      'In its constrained form, the lasso minimizes the residual sum of squares RSS subject to $\\|w\\|_1 \\le t$. ' +
      'Which statement explains why its solution often has a coefficient exactly equal to $0$?',
    correct:
      'The region $\\|w\\|_1 \\le t$ is a diamond whose sharp corners lie on the coordinate axes; the expanding elliptical RSS contours tend to touch it first at a corner, where a coefficient is exactly $0$.',
    why:
      'The solution is the first point of the region that the growing RSS ellipses touch. The L1 region has corners, and they sit on the axes: ' +
      'an ellipse whose centre is not too close to a diagonal reaches a corner before any edge, and at a corner the other coefficient is exactly $0$.',
    distractors: ['diamond-smaller', 'circle-corners', 'l1-heavier-on-large', 'rounding', 'proportional', 'lasso-gradient-2w'],
  },
  gradient: {
    prompt:
      'Compare how hard each penalty pulls a small coefficient $w$ toward $0$. Which statement explains why the lasso penalty $\\lambda|w|$ can make $w$ exactly $0$ and the ridge penalty $\\lambda w^2$ does not?',
    correct:
      'The derivative of $|w|$ is $+1$ or $-1$: the lasso’s pull toward $0$ stays the same size however small $w$ is, while ridge’s pull $2w$ fades away as $w \\to 0$.',
    why:
      '$\\frac{d}{dw}\\lambda w^2 = 2\\lambda w$ shrinks with $w$, so ridge’s push weakens exactly where it would be needed to reach $0$. ' +
      '$\\frac{d}{dw}\\lambda|w| = \\pm\\lambda$ stays constant: constant pressure that drives a weak coefficient all the way to $0$.',
    distractors: ['lasso-gradient-2w', 'l2-constant-pressure', 'l1-heavier-on-large', 'abs-differentiable', 'proportional'],
  },
  subgradient: {
    prompt:
      'Why can $w_j = 0$ be the exact lasso optimum for a whole range of data, and not only by coincidence?',
    correct:
      '$|w|$ is not differentiable at $0$; its subgradient there is the whole interval $[-1, 1]$, so $w_j = 0$ satisfies the optimality condition whenever $|2\\tilde x_j^\\top r| \\le \\lambda$.',
    why:
      'Optimality asks that $0$ lie in the subgradient of the loss. For $w_j \\neq 0$ that is one equation; at $w_j = 0$ the penalty contributes the whole interval ' +
      '$\\lambda[-1, 1]$, so the condition $-2\\tilde x_j^\\top r + \\lambda g = 0$ has a solution $g \\in [-1, 1]$ for every data set with $|2\\tilde x_j^\\top r| \\le \\lambda$: an inequality, satisfied by a whole range of data.',
    distractors: ['abs-differentiable', 'rounding', 'lasso-gradient-2w', 'l1-heavier-on-large', 'proportional'],
  },
  ridge: {
    prompt:
      'In its constrained form, ridge minimizes RSS subject to $\\|w\\|_2 \\le t$. Why does it shrink coefficients but almost never make one exactly $0$?',
    correct:
      'The region $\\|w\\|_2 \\le t$ is a disc with a smooth boundary and no corners, so the point where the RSS contours first touch it is almost never exactly on an axis.',
    why:
      'A contour touches the disc where the two are tangent; because the circle has no corners, that point moves smoothly with the data and lands on an axis only by coincidence. ' +
      'In one dimension the same fact reads $m = S_{xy}/(S_{xx} + \\lambda)$: nonzero for every finite $\\lambda$ when $S_{xy} \\neq 0$.',
    distractors: ['ridge-threshold', 'circle-corners', 'l2-constant-pressure', 'l1-heavier-on-large', 'proportional'],
  },
}

type DistractorKey =
  | 'l1-heavier-on-large'
  | 'lasso-gradient-2w'
  | 'diamond-smaller'
  | 'rounding'
  | 'ridge-threshold'
  | 'proportional'
  | 'abs-differentiable'
  | 'circle-corners'
  | 'l2-constant-pressure'

interface Distractor {
  /** The option as shown (math text). */
  text: string
  label: string
  description: string
}

const DISTRACTORS: Record<DistractorKey, Distractor> = {
  'l1-heavier-on-large': {
    text: 'The L1 penalty punishes large coefficients more heavily than the L2 penalty, so it drives them all the way to $0$.',
    label: 'Thought the L1 penalty punishes large coefficients more',
    description:
      'For $|w| > 1$, $w^2 > |w|$: it is the L2 penalty that punishes large coefficients more. What sets L1 apart happens at small $w$: its pull toward $0$ stays $\\lambda$ however small $w$ is.',
  },
  'lasso-gradient-2w': {
    text: 'The gradient of the lasso penalty, $2w$, becomes small near $w = 0$, so the coefficient settles exactly at $0$.',
    label: 'Gave the lasso penalty the gradient $2w$',
    description:
      '$2w$ is the derivative of the ridge penalty $w^2$, and because it fades near $0$ ridge coefficients only approach $0$. The derivative of $|w|$ is $\\pm 1$, constant in size however small $w$ is.',
  },
  'diamond-smaller': {
    text: 'For the same $t$, the diamond $\\|w\\|_1 \\le t$ is smaller than the disc $\\|w\\|_2 \\le t$, so the lasso solution is squeezed onto the axes.',
    label: 'Thought the diamond’s smaller size makes the zeros',
    description:
      'Size is not the reason: a smaller disc still has no corners, and its solution is still off the axes. The zeros come from the diamond’s corners, which lie on the axes.',
  },
  rounding: {
    text: 'The lasso coefficients are only very small, not exactly $0$; they are shown as $0$ because of rounding.',
    label: 'Thought the lasso zeros are rounding',
    description:
      'The lasso zeros are exact: $w_j = 0$ satisfies the optimality condition exactly whenever $|2\\tilde x_j^\\top r| \\le \\lambda$, because the subgradient of $|w|$ at $0$ is the whole interval $[-1, 1]$.',
  },
  'ridge-threshold': {
    text: 'Ridge also makes a coefficient exactly $0$ once $\\lambda$ exceeds $2|S_{xy}|$; it only needs a larger $\\lambda$ than the lasso.',
    label: 'Thought ridge has a zeroing threshold',
    description:
      'The ridge slope is $m = S_{xy}/(S_{xx} + \\lambda)$, nonzero for every finite $\\lambda$ when $S_{xy} \\neq 0$: there is no threshold. $2|S_{xy}|$ is the lasso’s $\\lambda^*$.',
  },
  proportional: {
    text: 'The lasso shrinks every coefficient by the same factor, such as $1/(1 + \\lambda)$, so the small ones reach $0$ first.',
    label: 'Thought the lasso shrinks by a factor',
    description:
      'Multiplying by a factor never gives exactly $0$; that is what ridge does. The lasso subtracts a fixed amount (soft thresholding, $\\operatorname{sign}(z)\\max(|z| - \\lambda/2, 0)$), and whatever is smaller than that amount becomes $0$.',
  },
  'abs-differentiable': {
    text: '$|w|$ is differentiable at $0$ with derivative $0$, so $w = 0$ is a stationary point of the loss.',
    label: 'Thought $|w|$ has derivative $0$ at $0$',
    description:
      '$|w|$ has a kink at $0$: its one-sided slopes are $-1$ and $+1$. Its subgradient there is the interval $[-1, 1]$, and that interval, not a zero derivative, makes $0$ optimal for a whole range of data.',
  },
  'circle-corners': {
    text: 'The L2 disc meets the axes at four points, and the RSS contours usually touch it exactly there.',
    label: 'Thought the disc’s axis points attract the solution',
    description:
      'The circle is as smooth where it crosses the axes as everywhere else. A contour touches it where the two are tangent, which is almost never exactly on an axis.',
  },
  'l2-constant-pressure': {
    text: 'The ridge penalty pulls toward $0$ with the constant force $\\lambda$, but the squared error always pulls back harder near $0$.',
    label: 'Swapped the pulls of the two penalties',
    description:
      'Ridge’s pull $2\\lambda w$ is proportional to $w$ and vanishes as $w \\to 0$; it is the lasso’s pull, $\\lambda$, that is constant.',
  },
}

/** One option of a variant: an opaque id and which statement it shows. */
interface Option {
  id: string
  key: 'correct' | DistractorKey
}

/**
 * The numbers of the illustration: a penalty λ, a small coefficient w₀ for the pull comparison, and two
 * orthogonal centered features with X̃ᵀX̃ = diag(a₁, a₂) and OLS coefficients ŵ, so that the lasso solution
 * is w_j = S(a_j·ŵ_j, λ/2)/a_j and the ridge solution w_j = a_j·ŵ_j/(a_j + λ).
 */
interface Example {
  lambda: number
  w0: number
  a: [number, number]
  ols: [number, number]
}

export interface Variant {
  stem: Stem
  options: Option[]
  example: Example
}

const PART = 'why'

// ── Generate ───────────────────────────────────────────────────────────────────────────────────────
/** Two orthogonal features where, at λ, the lasso zeroes feature 1 (|a₁ŵ₁| < λ/2) and keeps feature 2. */
function drawExample(rng: Rng): Example {
  const lambda = 2 * rng.int(2, 8)
  const a: [number, number] = [rng.int(2, 8), rng.int(2, 8)]
  // |a₁ŵ₁| ≤ λ/2 − 1 keeps feature 1 well inside the zero region; |a₂ŵ₂| ≥ λ/2 + 2 keeps feature 2 well outside.
  const z1 = rng.int(1, lambda / 2 - 1) * rng.pick([-1, 1])
  const z2 = rng.int(lambda / 2 + 2, lambda + 8) * rng.pick([-1, 1])
  const order = rng.chance(0.5)
  const zs: [number, number] = order ? [z1, z2] : [z2, z1]
  const as: [number, number] = order ? a : [a[1], a[0]]
  return { lambda, w0: rng.pick([0.5, 0.2, 0.1, 0.05]), a: as, ols: [zs[0] / as[0], zs[1] / as[1]] }
}

function generate(rng: Rng, p: Params): Variant {
  const stem = rng.pick(p.stems)
  const q = QUESTIONS[stem]
  const keys: Option['key'][] = ['correct', ...rng.shuffle(q.distractors).slice(0, p.options - 1)]
  const ids = opaqueIds(rng, keys.length)
  const options = rng.shuffle(keys).map((key, i) => ({ id: ids[i], key }))
  return { stem, options, example: drawExample(rng) }
}

// ── Parts ──────────────────────────────────────────────────────────────────────────────────────────
const optionText = (key: Option['key'], stem: Stem) => (key === 'correct' ? QUESTIONS[stem].correct : DISTRACTORS[key].text)

function intro(v: Variant) {
  return {
    statement:
      'The lasso minimizes $\\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_1$ and ridge minimizes $\\|y - Xw - b\\|_2^2 + \\lambda\\|w\\|_2^2$ (intercept $b$ not penalized). ' +
      'As $\\lambda$ grows, lasso coefficients become exactly $0$ one after another; ridge coefficients only shrink.' +
      (v.stem === 'subgradient' ? ' Below, $r = \\tilde y - \\tilde X w$ is the residual of the centered data.' : ''),
  }
}

function parts(v: Variant) {
  return [
    {
      id: PART,
      prompt: QUESTIONS[v.stem].prompt,
      answer: { type: 'choice' as const, options: v.options.map((o) => ({ id: o.id, label: optionText(o.key, v.stem) })) },
      points: 1,
    },
  ]
}

// ── Solve ──────────────────────────────────────────────────────────────────────────────────────────
function solve(v: Variant) {
  return { [PART]: v.options.find((o) => o.key === 'correct')!.id }
}

// ── Mistakes ───────────────────────────────────────────────────────────────────────────────────────
/** Choosing an attractive wrong statement is the misconception it states; defined when it is among the options. */
const mistakes: Misconception<Variant>[] = (Object.keys(DISTRACTORS) as DistractorKey[]).map((key) => ({
  id: key,
  part: PART,
  label: DISTRACTORS[key].label,
  description: DISTRACTORS[key].description,
  value: (v: Variant) => v.options.find((o) => o.key === key)?.id,
}))

// ── Derive ─────────────────────────────────────────────────────────────────────────────────────────
/** The lasso and ridge solutions of the orthogonal example, through lib/solver's soft threshold. */
export function exampleSolutions(e: Example): { lasso: [number, number]; ridge: [number, number] } {
  const lasso = [0, 1].map((j) => softThreshold(e.a[j] * e.ols[j], e.lambda / 2) / e.a[j]) as [number, number]
  const ridge = [0, 1].map((j) => (e.a[j] * e.ols[j]) / (e.a[j] + e.lambda)) as [number, number]
  return { lasso, ridge }
}

function derive(v: Variant, s?: Submission): Step[] {
  const q = QUESTIONS[v.stem]
  const e = v.example
  const lam = e.lambda
  const { lasso, ridge } = exampleSolutions(e)
  const A: [[number, number], [number, number]] = [
    [e.a[0], 0],
    [0, e.a[1]],
  ]
  const ws = [1, 0.5, e.w0, e.w0 / 10].filter((w, i, all) => all.indexOf(w) === i)
  const steps: Step[] = [
    {
      title: 'The answer',
      body: `${q.correct}\n\n${q.why}`,
    },
    {
      title: `The pull of each penalty on a small coefficient ($\\lambda = ${lam}$)`,
      body:
        `For $w > 0$, ridge’s penalty $\\lambda w^2$ pulls toward $0$ with force $2\\lambda w$, the lasso’s $\\lambda|w|$ with force $\\lambda = ${lam}$. ` +
        `At $w = ${texNum(e.w0)}$ ridge pulls with only $2 \\cdot ${lam} \\cdot ${texNum(e.w0)} = ${texNum(2 * lam * e.w0)}$, the lasso still with $${lam}$:`,
      table: {
        columns: ['$w$', 'ridge pull $2\\lambda w$', 'lasso pull $\\lambda$'],
        rows: ws.map((w) => [`$${texNum(w)}$`, `$${texNum(2 * lam * w)}$`, `$${lam}$`]),
      },
    },
    {
      title: 'Two features: the diamond and the disc',
      body:
        `Take two centered, orthogonal features with $\\tilde X^\\top \\tilde X = \\operatorname{diag}(${e.a[0]}, ${e.a[1]})$ and OLS coefficients ` +
        `$\\hat w = (${texFrac(e.ols[0])}, ${texFrac(e.ols[1])})$. The loss separates by coordinate, so at $\\lambda = ${lam}$ the lasso gives ` +
        `$w_j = \\operatorname{sign}(a_j\\hat w_j)\\max(|a_j\\hat w_j| - \\lambda/2, 0)/a_j$: ` +
        `$$w^{\\text{lasso}} = (${texFrac(lasso[0])}, ${texFrac(lasso[1])}),$$` +
        `since $|a_j \\hat w_j| = ${Math.abs(e.a[0] * e.ols[0])}$ and $${Math.abs(e.a[1] * e.ols[1])}$ against $\\lambda/2 = ${lam / 2}$. ` +
        `Ridge gives $w_j = a_j\\hat w_j/(a_j + \\lambda)$: $$w^{\\text{ridge}} = (${texFrac(ridge[0])}, ${texFrac(ridge[1])}),$$ both shrunk, neither $0$. ` +
        'In the constrained form, the lasso solution is where the RSS ellipses touch the diamond $|w_1| + |w_2| \\le t$ with $t = \\|w^{\\text{lasso}}\\|_1$: at a corner, on an axis.',
      figure: constraintGeometry({
        kind: 'l1',
        t: Math.abs(lasso[0]) + Math.abs(lasso[1]),
        ols: e.ols,
        A,
        solution: lasso,
        title: `Lasso, λ = ${lam}: the contours touch the diamond at a corner`,
      }),
    },
    {
      title: 'The same data with ridge',
      body: 'The ridge solution is where the RSS ellipses touch the disc $w_1^2 + w_2^2 \\le t^2$ with $t = \\|w^{\\text{ridge}}\\|_2$: a smooth point off the axes.',
      figure: constraintGeometry({
        kind: 'l2',
        t: Math.hypot(ridge[0], ridge[1]),
        ols: e.ols,
        A,
        solution: ridge,
        title: `Ridge, λ = ${lam}: the contours touch the disc off the axes`,
      }),
    },
  ]
  const wrong = v.options.filter((o) => o.key !== 'correct')
  steps.push({
    title: 'Why the other options are wrong',
    body: wrong.map((o) => `“${DISTRACTORS[o.key as DistractorKey].text}” ${DISTRACTORS[o.key as DistractorKey].description}`).join('\n\n'),
  })
  const chosen = s ? v.options.find((o) => o.id === s[PART]) : undefined
  if (chosen) {
    steps.push({
      title: 'Your choice',
      body:
        chosen.key === 'correct'
          ? 'You chose the right statement.'
          : `You chose “${DISTRACTORS[chosen.key].text}” ${DISTRACTORS[chosen.key].label}. ${DISTRACTORS[chosen.key].description}`,
    })
  }
  return steps
}

// ── The template ───────────────────────────────────────────────────────────────────────────────────
const template: QuestionTemplate<Params, Variant> = {
  id: 'sparsity-concepts',
  version: 1,
  topic: 'concepts',
  title: 'Why the lasso gives exact zeros and ridge does not',
  description:
    'Multiple choice on the geometry (diamond vs. disc), the constant pull of |w| near 0, and the subgradient at 0, with attractive wrong explanations as distractors.',
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

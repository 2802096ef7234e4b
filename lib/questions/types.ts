/**
 * The question template contract (see DESIGN.md, "The question template contract").
 *
 * A template is one file that reads top to bottom like a worked problem: params, generate, parts, solve,
 * mistakes, grade, derive. Templates are pure: no I/O, randomness only from the Rng handed in, correct
 * values only through lib/solver.
 *
 * Text fields (`statement`, `prompt`, step `body`, option labels, feedback) are "math text": plain text with
 * inline math between `$…$` and display math between `$$…$$`, rendered server-side with KaTeX
 * (lib/questions/render.ts). Nothing in `parts()` or `intro()` may reveal an answer.
 */
import type { z } from 'zod'
import type { Rng } from '@/lib/random'
import type { SuppliedData } from './data'

export type Topic = 'ols' | 'ridge' | 'lasso' | 'conventions' | 'optimality' | 'concepts' | 'multi-feature'

/**
 * Relative tolerance with an absolute floor: |a − e| ≤ max(rel·|e|, abs).
 * With `sigFigs` (the default tolerance has 4), the rule is the one the prompt states instead of `rel`:
 * "exact, or at least `sigFigs` significant figures": |a − e| ≤ max(one unit in the sigFigs-th significant
 * figure of e, abs). So every answer rounded or truncated to sigFigs figures is right, and an answer off by
 * more than one unit in that figure (x̄ = 3.875 typed 3.88) is wrong, whatever the leading digit.
 * Optional (added in issue 9): a Tolerance without it (an instructor's override) keeps the relative rule.
 */
export interface Tolerance {
  rel: number
  abs: number
  sigFigs?: number
}

/** What kind of answer a part takes, and how it is entered. */
export type AnswerKind =
  /**
   * A real number: decimal, fraction, scientific notation or a simple expression; `allowUndefined` accepts "undefined".
   * Domain (optional, issue 9): `min`/`max` bound what the quantity can be (λ* ≥ 0, S_xx ≥ 0, a probability ≤ 1);
   * an answer outside is refused with a message at no cost (lib/questions/answers/number.ts, `outsideDomain`),
   * `domainReason` says why in a few words ("λ* is never negative"). Only for bounds that follow from the
   * definition of the quantity, never from the answer: a bound must not give the answer away.
   * `integer`: the quantity is a count; the prompt asks for a whole number and any other number is refused alike.
   */
  | { type: 'number'; allowUndefined?: boolean; min?: number; max?: number; domainReason?: string; integer?: boolean }
  /** Multiple choice; `multiple` for "select all that apply". Option ids are opaque and shuffled per variant. */
  | { type: 'choice'; options: { id: string; label: string }[]; multiple?: boolean }
  /** The set of coefficients that are exactly zero, chosen among `labels`. */
  | { type: 'sparsity'; labels: string[] }
  /** A vector of numbers, one per label. */
  | { type: 'vector'; labels: string[] }
  /**
   * An ordering of `labels` (e.g. the order in which features enter the lasso path). `slotNoun` (optional,
   * issue 9) names a position for screen readers: "to enter" → "First to enter", "Second to enter", …
   * (lib/questions/plain.ts, `orderSlotLabel`).
   */
  | { type: 'order'; labels: string[]; slotNoun?: string }

/**
 * A parsed, validated answer value. By AnswerKind:
 * number → number, or null for "undefined" · choice → string (option id), or string[] when `multiple` ·
 * sparsity → string[] (labels, any order) · vector → number[] · order → string[] (labels in order).
 */
export type AnswerValue = number | null | string | string[] | number[]

export type Answers = Record<string, AnswerValue>
/** What a student submitted, already parsed and validated against the parts (lib/questions/answers). */
export type Submission = Record<string, AnswerValue>

export interface PartSpec {
  /** Stable within a template version, e.g. "lambdaStar", "m". */
  id: string
  /** Math text. */
  prompt: string
  answer: AnswerKind
  /** Relative weight of this part in the question's score. */
  points: number
  /** Overrides the default tolerance for number and vector parts. */
  tolerance?: Tolerance
  /** Short label shown next to the input, e.g. "λ*" (math text). */
  label?: string
}

export interface DataTable {
  /** Column headers (math text). */
  columns: string[]
  /** Cell contents (math text or numbers). */
  rows: (string | number)[][]
  caption?: string
}

/** What the student sees before answering: statement (math text), an optional dataset table and an optional figure. */
export interface Intro {
  statement: string
  table?: DataTable
  /** A figure the question is about (e.g. a coefficient-path plot to read); it must not give away a computed answer. */
  figure?: Figure
}

/** A named wrong method: the answer note of STACK, counted in class reports. */
export interface Misconception<V> {
  /** Stable id, counted in reports, e.g. "other-convention". */
  id: string
  /** The part whose answer this mistake produces. */
  part: string
  /** Short name shown to the student and the instructor, e.g. "Used the other penalty convention". */
  label: string
  /** What the student did, with the formula (math text), shown as feedback. */
  description: string
  /**
   * The value this mistake produces for this variant; `undefined` when the mistake cannot be told apart
   * from the correct answer (or does not apply) for this variant.
   */
  value(v: V): AnswerValue | undefined
  /**
   * Optional (issue 9): also diagnose answers this predicate accepts, for a mistake that is a range of answers
   * rather than one value ("a small number such as 0.01 where the answer is exactly 0"). `value(v)` must still
   * give one representative answer (or undefined) for the self-test; grading tries `value` first, then this.
   */
  matches?(v: V, answer: AnswerValue): boolean
  /**
   * Optional (issue 9): true when the mistake IS giving a natural answer (0 where the answer is not 0, the
   * other regime's answer). Without it, the self-test fails a misconception whose value equals 0 or another
   * natural answer: such a value would name a wrong method for what is really a different mistake.
   */
  natural?: boolean
}

export interface PartGrade {
  /** 0..1 for this part. */
  score: number
  correct: boolean
  /** Math text shown to the student. */
  feedback: string
  /**
   * Misconception id, or null. Also set on a part credited by carry-forward when its value is itself a named
   * mistake of this part (issue 9): the credit stays, the mistake is named and counted.
   */
  diagnosis: string | null
  /** True when credit came from consistency with the student's own earlier (wrong) value. */
  carriedForward?: boolean
}

export interface Grade {
  /** Weighted by part points, 0..1. */
  score: number
  parts: Record<string, PartGrade>
}

export interface GradeOptions {
  /** Per-item tolerance override for number and vector parts. */
  tolerance?: Tolerance
}

export interface Figure {
  /** A complete, self-contained <svg> element (server-rendered). */
  svg: string
  /** Text alternative describing what the picture shows, with this variant's numbers. */
  alt: string
  caption?: string
}

export interface Step {
  title: string
  /** Math text. */
  body: string
  table?: DataTable
  figure?: Figure
}

export interface QuestionTemplate<P = unknown, V = unknown> {
  id: string
  /** Bump when generate, solve or grade change meaning; stored on every variant. */
  version: number
  topic: Topic
  title: string
  /** One or two sentences for the catalog. */
  description: string
  /** Instructor knobs, all with defaults: `params.parse({})` must succeed. */
  params: z.ZodType<P>
  /**
   * Pure and deterministic from the rng; guarantees the asked-for regime. The result must be JSON-serializable.
   * With `data` (an instructor's dataset, only for templates with `dataSlot`), the rows come from it: each
   * draw of data takes a subsample with `sampleRows`, and nothing is drawn or reflected outside the dataset.
   */
  generate(rng: Rng, p: P, data?: SuppliedData): V
  /**
   * Present when the template can use an instructor's dataset: how many feature columns it takes for these
   * params (1 for the one-feature templates). The server refuses data that no variant can be made from.
   */
  dataSlot?: { features(p: P): number }
  intro(v: V): Intro
  parts(v: V): PartSpec[]
  /** Correct answers, computed only through lib/solver. */
  solve(v: V): Answers
  mistakes: Misconception<V>[]
  /**
   * Expected values computed from the student's own earlier answers (error carried forward), for the parts
   * whose derivation uses an earlier part. A part matching these (but not `solve`) gets full credit, flagged.
   */
  carryForward?(v: V, s: Submission): Partial<Answers>
  grade(v: V, s: Submission, opts?: GradeOptions): Grade
  /**
   * Worked derivation with this variant's numbers; with the submission, it may comment on the student's values,
   * judged with `opts` (the item's tolerance), as the grade was.
   */
  derive(v: V, s?: Submission, opts?: GradeOptions): Step[]
}

/** Type-erased template, as held by the registry. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds templates of many Params/Variant types.
export type AnyTemplate = QuestionTemplate<any, any>

/**
 * The self-test every template ships (DESIGN.md, "The question template contract"), PrairieLearn-style:
 * over many seeds, check determinism, that the correct answers score 1, that each misconception's value is
 * diagnosed as itself and scores below 1, that nothing is NaN or Infinity, that every formula renders
 * without a KaTeX error, that the data actually vary with the seed, and that drawn data have real signal
 * (multiple correlation R ≥ MIN_SIGNAL, |r| with one feature: shared/signal.ts). Templates add regime checks
 * through `check`.
 *
 * Usage in a test: `expect(runSelfTest(template, { seeds: 500, naturalAnswers }).failures).toEqual([])`.
 */
import { createRng } from '@/lib/random'
import { answersMatch, parseSubmission, resolveTolerance } from './answers'
import { splitSupplied } from './data'
import { hasMathErrors, renderMathText } from './render'
import type { Answers, AnswerValue, PartSpec, QuestionTemplate, Step, Submission } from './types'
import { MIN_SIGNAL, multipleCorrelation } from './templates/shared/signal'
import { makeVariant, publicView } from './variant'

export interface SelfTestOptions<V> {
  /** How many seeds (default 500). */
  seeds?: number
  /** Params for makeVariant (default {}: the template's defaults). */
  params?: unknown
  /** Distinguishes the seed sequence, e.g. per params set (default ''). */
  salt?: string
  /** Render every text through KaTeX for the first this-many seeds (default 40; rendering is the slow part). */
  renderSeeds?: number
  /**
   * Misconceptions that may legitimately never apply under these params (e.g. one that only exists in the
   * other convention); every other misconception must have a defined value for at least one seed.
   */
  uncovered?: string[]
  /** Template-specific checks (the asked-for regime…): return failure messages, [] when fine. */
  check?: (v: V, seed: string) => string[]
  /**
   * Answers a student may naturally give that are not a wrong method of their own, per part: the other regime's
   * answer, the unclamped value… 0 is always one for number parts, and the zero vector for vector parts (vectors
   * are compared component by component, under the part's tolerance). A misconception whose value equals one of
   * them fails the self-test unless it is marked `natural` (the mistake is giving that answer). Required, so that
   * every template's self-test states its natural answers (`() => ({})` when 0 is the only one).
   */
  naturalAnswers: (v: V) => Record<string, AnswerValue[]>
  /**
   * Choice parts with one correct option: the largest share of variants in which the correct option may be the
   * strictly longest label (default 0.6), so that "pick the longest" is no strategy.
   */
  maxLongestCorrectShare?: number
}

export interface SelfTestReport {
  seedsRun: number
  distinctVariants: number
  /** How many seeds gave each misconception a defined (diagnosable) value. */
  misconceptionCoverage: Record<string, number>
  /** Single-answer choice parts: in how many variants the correct option was the strictly longest label, of how many. */
  longestCorrect: Record<string, { longest: number; total: number }>
  /** Human-readable failures, each prefixed with its seed; at most 50 are kept. */
  failures: string[]
}

/** The i-th test seed: 32 hex digits from a splitmix32 stream (well spread over the Rng's state). */
export function testSeed(i: number, salt = ''): string {
  let h = 0x9e3779b9 ^ i
  for (let k = 0; k < salt.length; k++) h = Math.imul(h ^ salt.charCodeAt(k), 0x01000193)
  const words: string[] = []
  for (let k = 0; k < 4; k++) {
    h = (h + 0x9e3779b9) | 0
    let z = h
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
    z ^= z >>> 16
    words.push((z >>> 0).toString(16).padStart(8, '0'))
  }
  return words.join('')
}

/** Paths to every NaN, ±Infinity or non-JSON value (functions, undefined, …) inside x. */
export function nonFinitePaths(x: unknown, path = '$'): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [`${path} = ${x}`]
  if (typeof x === 'string') return /\bNaN\b|Infinity|undefined/.test(x) ? [`${path} contains "${x.match(/NaN|Infinity|undefined/)![0]}"`] : []
  if (x === null || typeof x === 'boolean') return []
  if (Array.isArray(x)) return x.flatMap((e, i) => nonFinitePaths(e, `${path}[${i}]`))
  if (typeof x === 'object') {
    // An undefined property is an absent optional field (JSON drops it), not a value.
    return Object.entries(x as object).flatMap(([k, e]) => (e === undefined ? [] : nonFinitePaths(e, `${path}.${k}`)))
  }
  return [`${path} is a ${typeof x}`]
}

/** The dataset a variant shows: y with x (one feature) or X (rows are samples); undefined when it has none. */
export function variantData(v: unknown): { X: number[][]; y: number[] } | undefined {
  if (!v || typeof v !== 'object') return undefined
  const { x, X, y } = v as { x?: unknown; X?: unknown; y?: unknown }
  if (!Array.isArray(y)) return undefined
  if (Array.isArray(X)) return { X: X as number[][], y: y as number[] }
  if (Array.isArray(x)) return { X: (x as number[]).map((xi) => [xi]), y: y as number[] }
  return undefined
}

/** The data-signal guarantee: drawn data have R ≥ MIN_SIGNAL (|r| with one feature). */
export function dataSignalFailures(v: unknown): string[] {
  const d = variantData(v)
  if (!d) return []
  const R = multipleCorrelation(d.X, d.y)
  const what = d.X[0]?.length === 1 ? '|r|' : 'R'
  return R >= MIN_SIGNAL ? [] : [`the data have no real signal: ${what} = ${R.toFixed(3)} < ${MIN_SIGNAL}`]
}

/** All math text a variant shows (intro, parts, steps), for the KaTeX check. */
function mathTexts(view: ReturnType<typeof publicView>, steps: Step[]): string[] {
  const texts: string[] = [view.intro.statement, ...(view.intro.table?.columns ?? [])]
  for (const row of view.intro.table?.rows ?? []) for (const c of row) texts.push(String(c))
  for (const p of view.parts) {
    texts.push(p.prompt, p.label ?? '')
    if (p.answer.type === 'choice') texts.push(...p.answer.options.map((o) => o.label))
    if (p.answer.type !== 'number' && p.answer.type !== 'choice') texts.push(...p.answer.labels)
  }
  for (const s of steps) {
    texts.push(s.title, s.body, ...(s.table?.columns ?? []))
    for (const row of s.table?.rows ?? []) for (const c of row) texts.push(String(c))
  }
  return texts
}

/** The zero answer of a number or vector part (always a natural answer), none for other kinds. */
function zeroAnswer(part: PartSpec): AnswerValue[] {
  if (part.answer.type === 'number') return [0]
  if (part.answer.type === 'vector') return [part.answer.labels.map(() => 0)]
  return []
}

/** A raw form submission that reproduces `answers` (what the page would post). */
function toRaw(answers: Answers): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {}
  for (const [k, a] of Object.entries(answers)) {
    if (a === null) raw[k] = 'undefined'
    else if (Array.isArray(a)) raw[k] = a.map((e) => (typeof e === 'number' ? e.toPrecision(17) : e))
    else raw[k] = typeof a === 'number' ? a.toPrecision(17) : a
  }
  return raw
}

export function runSelfTest<P, V>(template: QuestionTemplate<P, V>, opts: SelfTestOptions<V>): SelfTestReport {
  const seeds = opts.seeds ?? 500
  const renderSeeds = opts.renderSeeds ?? 40
  const failures: string[] = []
  const coverage: Record<string, number> = Object.fromEntries(template.mistakes.map((m) => [m.id, 0]))
  const variants = new Set<string>()
  const longestCorrect: Record<string, { longest: number; total: number }> = {}
  const fail = (seed: string, msg: string) => {
    if (failures.length < 50) failures.push(`[${template.id} seed ${seed}] ${msg}`)
  }
  try {
    template.params.parse({})
  } catch (e) {
    failures.push(`[${template.id}] params.parse({}) fails: ${(e as Error).message}`)
  }
  // An instructor's dataset keeps whatever correlation it has; only drawn data carry the signal guarantee.
  const drawsData = !splitSupplied(opts.params).supplied
  const mistakeIds = new Set<string>()
  for (const m of template.mistakes) {
    if (mistakeIds.has(m.id)) failures.push(`[${template.id}] duplicate misconception id "${m.id}"`)
    mistakeIds.add(m.id)
  }

  for (let i = 0; i < seeds; i++) {
    const seed = testSeed(i, opts.salt)
    let v: V
    try {
      v = makeVariant(template, opts.params ?? {}, seed)
      const again = makeVariant(template, opts.params ?? {}, seed)
      const json = JSON.stringify(v)
      if (json !== JSON.stringify(again)) fail(seed, 'generate is not deterministic: the same seed gave two different variants')
      if (JSON.stringify(JSON.parse(json)) !== json) fail(seed, 'the variant does not survive a JSON round trip')
      variants.add(json)
    } catch (e) {
      fail(seed, `generate threw: ${(e as Error).message}`)
      continue
    }
    try {
      for (const msg of nonFinitePaths(v, 'variant')) fail(seed, msg)
      if (drawsData) for (const msg of dataSignalFailures(v)) fail(seed, msg)
      for (const msg of opts.check?.(v, seed) ?? []) fail(seed, msg)

      const parts = template.parts(v)
      const ids = parts.map((p) => p.id)
      if (new Set(ids).size !== ids.length) fail(seed, `duplicate part ids: ${ids.join(', ')}`)
      for (const p of parts) if (!(p.points > 0)) fail(seed, `part ${p.id} has points ${p.points}`)
      const answers = template.solve(v)
      for (const msg of nonFinitePaths(answers, 'answers')) fail(seed, msg)
      for (const id of ids) if (!Object.hasOwn(answers, id)) fail(seed, `solve() gives no answer for part ${id}`)

      // The correct answers, as the page would post them, parse and score 1 on every part.
      const parsed = parseSubmission(parts, toRaw(answers))
      if (!parsed.ok) fail(seed, `the correct answers do not parse: ${JSON.stringify(parsed.errors)}`)
      const submission: Submission = parsed.ok ? parsed.submission : answers
      const grade = template.grade(v, submission)
      if (Math.abs(grade.score - 1) > 1e-12) fail(seed, `the correct answers score ${grade.score}, not 1`)
      for (const id of ids) {
        const g = grade.parts[id]
        if (g?.score !== 1 || !g.correct) fail(seed, `the correct answer to part ${id} is graded ${JSON.stringify(g)}`)
        else if (g.carriedForward) fail(seed, `the correct answer to part ${id} is flagged as carried forward`)
      }

      // The correct option is not given away by its length.
      for (const p of parts) {
        const correct = answers[p.id]
        if (p.answer.type !== 'choice' || p.answer.multiple || typeof correct !== 'string' || p.answer.options.length < 2) continue
        const len = (id: string) => (p.answer.type === 'choice' ? (p.answer.options.find((o) => o.id === id)?.label.length ?? 0) : 0)
        longestCorrect[p.id] ??= { longest: 0, total: 0 }
        const tally = longestCorrect[p.id]
        tally.total++
        if (p.answer.options.every((o) => o.id === correct || o.label.length < len(correct))) tally.longest++
      }

      // No misconception value is a natural answer (0, the other regime's answer…) unless that is the mistake.
      const natural = opts.naturalAnswers(v)
      for (const m of template.mistakes) {
        const part = parts.find((p) => p.id === m.part)
        const value = m.value(v)
        if (!part || value === undefined || m.natural) continue
        const candidates = [...(natural[m.part] ?? []), ...zeroAnswer(part)]
        for (const c of candidates) {
          if (answersMatch(part.answer, c, answers[m.part])) continue
          if (answersMatch(part.answer, value, c, resolveTolerance(part.tolerance))) {
            fail(seed, `misconception ${m.id} has the value ${JSON.stringify(value)} of the natural answer ${JSON.stringify(c)} for part ${m.part}: a student giving it would be told "${m.label}"`)
          }
        }
      }

      // Each misconception with a defined value is diagnosed as itself and scores below 1.
      for (const m of template.mistakes) {
        const part = parts.find((p) => p.id === m.part)
        if (!part) {
          fail(seed, `misconception ${m.id} names part "${m.part}", which does not exist`)
          continue
        }
        const value = m.value(v)
        if (value === undefined) continue
        coverage[m.id]++
        for (const msg of nonFinitePaths(value, `mistake ${m.id}`)) fail(seed, msg)
        const tol = resolveTolerance(part.tolerance)
        if (answersMatch(part.answer, value, answers[m.part], tol)) {
          fail(seed, `misconception ${m.id} gives the correct answer; its value() should be undefined here`)
          continue
        }
        const wrong = { ...answers, [m.part]: value }
        const g = template.grade(v, wrong).parts[m.part]
        if (g.diagnosis !== m.id) fail(seed, `misconception ${m.id} (value ${JSON.stringify(value)}) is diagnosed as ${g.diagnosis}`)
        if (!(g.score < 1)) fail(seed, `misconception ${m.id} scores ${g.score}`)
        for (const msg of nonFinitePaths(g.feedback, `feedback of ${m.id}`)) fail(seed, msg)
      }

      // The derivation exists, with and without a submission, and is finite.
      const steps = template.derive(v)
      const stepsWithSubmission = template.derive(v, submission)
      if (steps.length === 0) fail(seed, 'derive returned no steps')
      for (const msg of nonFinitePaths(steps, 'derive')) fail(seed, msg)
      for (const msg of nonFinitePaths(stepsWithSubmission, 'derive(v, s)')) fail(seed, msg)
      const view = publicView(template, v)
      for (const msg of nonFinitePaths(view, 'publicView')) fail(seed, msg)

      if (i < renderSeeds) {
        for (const text of mathTexts(view, stepsWithSubmission)) {
          const html = renderMathText(text)
          if (hasMathErrors(html)) fail(seed, `KaTeX cannot render: ${text.slice(0, 160)}`)
          // A "$" left in the visible text means unbalanced or empty math delimiters (raw TeX on the page).
          else if (visibleText(html).includes('$')) fail(seed, `raw TeX delimiters left after rendering: ${text.slice(0, 160)}`)
        }
        const introFigure = view.intro.figure
        if (introFigure && (!introFigure.svg.startsWith('<svg') || !introFigure.svg.includes('role="img"') || !introFigure.alt)) {
          fail(seed, 'the intro figure is not an accessible <svg>')
        }
        for (const s of stepsWithSubmission) {
          if (s.figure && (!s.figure.svg.startsWith('<svg') || !s.figure.svg.includes('role="img"') || !s.figure.alt)) {
            fail(seed, `figure of step "${s.title}" is not an accessible <svg>`)
          }
        }
      }
    } catch (e) {
      fail(seed, `threw: ${(e as Error).stack ?? e}`)
    }
  }
  if (seeds >= 2 && variants.size < 2) failures.push(`[${template.id}] every seed gave the same variant`)
  for (const [id, count] of Object.entries(coverage)) {
    if (seeds >= 50 && count === 0 && !opts.uncovered?.includes(id)) failures.push(`[${template.id}] misconception ${id} never had a defined value in ${seeds} seeds: it is never tested`)
  }
  const maxShare = opts.maxLongestCorrectShare ?? 0.6
  for (const [id, t] of Object.entries(longestCorrect)) {
    if (seeds >= 50 && t.longest > maxShare * t.total) {
      failures.push(`[${template.id}] part ${id}: the correct option is the longest in ${t.longest} of ${t.total} variants (at most ${Math.round(100 * maxShare)} % allowed)`)
    }
  }
  return { seedsRun: seeds, distinctVariants: variants.size, misconceptionCoverage: coverage, longestCorrect, failures }
}

/** For templates' own tests: a fresh Rng from a test seed. */
export const testRng = (i: number, salt = '') => createRng(testSeed(i, salt))

/** The text a reader sees in rendered HTML: tags and KaTeX's TeX annotations removed. */
function visibleText(html: string): string {
  return html.replace(/<annotation[^>]*>[\s\S]*?<\/annotation>/g, '').replace(/<[^>]*>/g, '')
}

/**
 * The public question catalog and ungraded practice.
 *
 * Practice re-creates a variant from (template, seed) with the template's default params, grades a submission
 * and shows the worked derivation at once. Nothing is stored: no variant row, no attempt. A practice seed is
 * chosen by the browser's address, so it never touches the HMAC-derived seeds of assignment variants.
 */
import { createHash, randomBytes } from 'node:crypto'
import { z } from 'zod'
import { parseSubmission, rawSubmissionSchema } from '@/lib/questions/answers'
import { getTemplate, listTemplates } from '@/lib/questions/registry'
import type { AnswerKind, AnyTemplate, Intro, PartGrade, PartSpec, Step, Topic } from '@/lib/questions/types'
import { makeVariant, publicView } from '@/lib/questions/variant'
import { type Actor, requireUser } from './authz'
import { UserError, fieldErrorsOf } from './errors'

/** Topic headings, in teaching order (a Record, so a new Topic cannot be left without a heading). */
const TOPIC_LABELS: Record<Topic, string> = {
  ols: 'Ordinary least squares',
  ridge: 'Ridge regression',
  lasso: 'The lasso',
  conventions: 'Penalty conventions',
  optimality: 'Optimality conditions',
  concepts: 'Concepts',
  'multi-feature': 'Several features',
}
export const TOPICS = (Object.keys(TOPIC_LABELS) as Topic[]).map((id) => ({ id, label: TOPIC_LABELS[id] }))

export const SEED_MESSAGE = 'The seed in the address must be 8 to 64 hexadecimal digits (0–9, a–f).'
export const practiceSeedSchema = z.string(SEED_MESSAGE).regex(/^[0-9a-fA-F]{8,64}$/, SEED_MESSAGE).transform((s) => s.toLowerCase())
const templateIdSchema = z.string().min(1).max(100)

/** A fresh random practice seed: 128 bits, hex. */
export function newPracticeSeed(): string {
  return randomBytes(16).toString('hex')
}

/** The catalog's fixed sample seed for a template, so the page is the same on every visit. */
export function sampleSeed(templateId: string): string {
  return createHash('sha256').update(templateId).digest('hex')
}

export interface TemplateSummary {
  id: string
  title: string
  description: string
  topic: Topic
}

const summary = (t: AnyTemplate): TemplateSummary => ({ id: t.id, title: t.title, description: t.description, topic: t.topic })

/** Templates grouped by topic, in teaching order; topics without templates are left out. */
function byTopic<T extends { topic: Topic }>(items: T[]) {
  return TOPICS.map((topic) => ({ ...topic, items: items.filter((i) => i.topic === topic.id) })).filter((g) => g.items.length > 0)
}

function templateOrNotFound(templateId: unknown): AnyTemplate {
  const id = templateIdSchema.safeParse(templateId)
  const t = id.success ? getTemplate(id.data) : undefined
  if (!t) throw new UserError('not-found', 'That question is not in the catalog.')
  return t
}

export interface CatalogEntry extends TemplateSummary {
  sample: { seed: string; intro: Intro; parts: PartSpec[] }
}

let catalogCache: ReturnType<typeof byTopic<CatalogEntry>> | null = null

/**
 * Every template with a sample variant (statement, dataset, parts: never answers or derivations), by topic.
 * Public: anyone may read the catalog. Deterministic, so it is computed once per process.
 */
export function catalog() {
  catalogCache ??= byTopic(
    listTemplates().map((t): CatalogEntry => {
      const seed = sampleSeed(t.id)
      const view = publicView(t, makeVariant(t, {}, seed))
      return { ...summary(t), sample: { seed, intro: view.intro, parts: view.parts } }
    }),
  )
  return catalogCache
}

/** The templates a signed-in user can practice, by topic. */
export function practiceList(actor: Actor) {
  requireUser(actor)
  return byTopic(listTemplates().map(summary))
}

/** The template to practice (for a redirect to a fresh seed); unknown id → not-found. */
export function practiceTemplate(actor: Actor, templateId: unknown): TemplateSummary {
  requireUser(actor)
  return summary(templateOrNotFound(templateId))
}

function seedOrThrow(seed: unknown): string {
  const s = practiceSeedSchema.safeParse(seed)
  if (!s.success) throw new UserError('invalid', SEED_MESSAGE)
  return s.data
}

/** One practice variant's public view (statement, dataset, parts; never the answers). */
export function openPractice(actor: Actor, templateId: unknown, seed: unknown) {
  requireUser(actor)
  const template = templateOrNotFound(templateId)
  const s = seedOrThrow(seed)
  const view = publicView(template, makeVariant(template, {}, s))
  return { template: summary(template), seed: s, intro: view.intro, parts: view.parts }
}

export const practiceSubmissionSchema = z.object({
  templateId: templateIdSchema,
  seed: z.unknown(),
  answers: rawSubmissionSchema,
})

/** What the student gave for a part, for display: math text for labelled choices, plain text for numbers. */
export interface GivenAnswer {
  text: string
  math: boolean
}

function givenOf(kind: AnswerKind, raw: string | string[] | undefined): GivenAnswer {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  if (kind.type === 'choice') {
    const label = new Map(kind.options.map((o) => [o.id, o.label]))
    return { text: values.map((v) => label.get(v) ?? v).join('; ') || '—', math: true }
  }
  if (kind.type === 'sparsity' || kind.type === 'order') return { text: values.join(', ') || (kind.type === 'sparsity' ? 'none ticked' : '—'), math: true }
  return { text: values.join(', ') || '—', math: false }
}

export type PracticeResult =
  | {
      ok: true
      score: number
      parts: { id: string; prompt: string; given: GivenAnswer; grade: PartGrade | null; mistake: string | null }[]
      derivation: Step[]
    }
  | { ok: false; message: string; fieldErrors?: Record<string, string> }

/**
 * Grades one practice submission without storing anything: per-part feedback with the diagnosed mistake's
 * label, the score, and the worked derivation with this variant's numbers. Malformed answers get per-part
 * messages, as on an assignment.
 */
export function gradePractice(actor: Actor, raw: unknown): PracticeResult {
  requireUser(actor)
  const parsed = practiceSubmissionSchema.safeParse(raw)
  if (!parsed.success) return { ok: false, message: 'The submission was malformed: reload the page and try again.', fieldErrors: fieldErrorsOf(parsed.error.issues) }
  const template = templateOrNotFound(parsed.data.templateId)
  const seed = practiceSeedSchema.safeParse(parsed.data.seed)
  if (!seed.success) return { ok: false, message: SEED_MESSAGE }
  const variant = makeVariant(template, {}, seed.data)
  const parts = template.parts(variant)
  const answers = parseSubmission(parts, parsed.data.answers)
  if (!answers.ok) return { ok: false, message: 'Some answers could not be read; fix them and check again.', fieldErrors: answers.errors }
  const grade = template.grade(variant, answers.submission)
  const labels = new Map(template.mistakes.map((m) => [m.id, m.label]))
  return {
    ok: true,
    score: grade.score,
    parts: parts.map((p) => {
      const g = grade.parts[p.id] ?? null
      return {
        id: p.id,
        prompt: p.prompt,
        given: givenOf(p.answer, Object.hasOwn(parsed.data.answers, p.id) ? parsed.data.answers[p.id] : undefined),
        grade: g,
        mistake: g?.diagnosis ? (labels.get(g.diagnosis) ?? g.diagnosis) : null,
      }
    }),
    derivation: template.derive(variant, answers.submission),
  }
}

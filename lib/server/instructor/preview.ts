/**
 * Preview: any question of an assignment as a student would see it, for a chosen preview seed (1, 2, 3, …),
 * with the answers, the named mistakes' values and the worked derivation below it for staff. Preview seeds are
 * derived from the item id and the number, never from a student, so stepping through them shows what the
 * template produces without touching anyone's variant.
 */
import { z } from 'zod'
import type { Db } from '@/lib/db'
import { answerText } from '../answerText'
import type { Actor } from '../authz'
import { publicView } from '@/lib/questions/variant'
import { toleranceOf } from '../student'
import { materialize, templateOrThrow, variantParamsOf } from '../variants'
import { previewSeed } from './assignments'
import { STAFF_ROLES, idSchema, loadItem, parseInput } from './common'

const previewSchema = z.object({
  itemId: idSchema,
  seed: z.coerce.number({ message: 'The seed is a whole number.' }).int('The seed is a whole number.').min(1, 'Seeds start at 1.').max(1_000_000, 'Seeds go up to 1000000.').default(1),
})

export async function previewItem(db: Db, actor: Actor, raw: unknown) {
  const input = parseInput(previewSchema, raw)
  const { item } = await loadItem(db, actor, input.itemId, STAFF_ROLES)
  const template = templateOrThrow(item.templateId)
  const seed = previewSeed(item.id, input.seed)
  const { params } = await variantParamsOf(db, item)
  const { data } = materialize({ templateId: item.templateId, params, seed, data: null })
  const view = publicView(template, data, toleranceOf(item.tolerance))
  const answers = template.solve(data)
  return {
    item: { id: item.id, position: item.position, points: item.points, assignmentId: item.assignmentId, assignmentTitle: item.assignment.title, courseId: item.assignment.courseId },
    template: { id: template.id, title: template.title, version: template.version },
    seedNumber: input.seed,
    seed,
    intro: view.intro,
    parts: view.parts,
    answers,
    /** The answer key as a person reads it (a choice's option text, not its id): math text, by part. */
    answerTexts: Object.fromEntries(view.parts.map((p) => [p.id, answerText(p.answer, answers[p.id])])),
    mistakes: template.mistakes
      .filter((m) => view.parts.some((p) => p.id === m.part))
      .map((m) => {
        const value = m.value(data) ?? null
        return { id: m.id, part: m.part, label: m.label, value, valueText: answerText(view.parts.find((p) => p.id === m.part)?.answer, value) }
      }),
    derivation: template.derive(data),
  }
}

/**
 * Simulation: how many practice questions until every skill is proficient, with targeted practice ("practise
 * what I got wrong", lib/mastery/picker.ts) versus random practice over the same templates.
 *
 *   npm run sim:mastery [-- --students 1000 --lose 0.5 --slip 0.05 --pool 120 --cap 1500 --seed 1]
 *
 * The catalog is the real one: every question is a real variant of a registry template (a pool of `--pool`
 * variants per template, default params), graded by the template's own grader, and the evidence goes through the
 * real mastery rule (lib/mastery/model.ts).
 *
 * A simulated student:
 * - holds 1 or 2 persistent misconceptions, drawn uniformly among the catalog's named mistakes that default-params
 *   variants can produce; on any part where a held mistake gives a value, they answer with that value (graded:
 *   usually diagnosed as that mistake; on a variant where it equals the right answer, it counts right);
 * - otherwise answers each part right, except for a slip with probability `--slip` (a wrong answer no named
 *   mistake matches);
 * - after an answer diagnosed as a held mistake, they see the worked contrast of the right and the mistaken
 *   method (the app shows it for every diagnosed mistake in practice) and lose that misconception with
 *   probability `--lose`. Both strategies show the contrast; they differ only in which question comes next.
 *
 * Strategies, each run on the same students (same misconceptions, same random streams per student):
 * - targeted: pickPractice with a finder that searches the pool for a variant that tells the mistake apart;
 * - skills-only (for comparison): the same picker, but the variant for an open mistake is any variant of its
 *   template, not one that tells the mistake apart: what the telling-variant search adds on its own;
 * - random: a uniformly random template and variant.
 * A student's run stops when every skill is proficient (or mastered), or at `--cap` questions (counted as cap).
 */
import { parseArgs } from 'node:util'
import { candidateSeed } from '@/lib/mastery/finder'
import { type Evidence, masteryOf } from '@/lib/mastery/model'
import { pickPractice, type VariantFinder } from '@/lib/mastery/picker'
import { createRng, type Rng } from '@/lib/random'
import { discriminationByPart } from '@/lib/questions/discriminate'
import { templates } from '@/lib/questions/registry'
import { SKILL_IDS } from '@/lib/questions/skills'
import { makeVariant } from '@/lib/questions/variant'

const { values: args } = parseArgs({
  options: {
    students: { type: 'string', default: '1000' },
    lose: { type: 'string', default: '0.5' },
    slip: { type: 'string', default: '0.05' },
    pool: { type: 'string', default: '120' },
    cap: { type: 'string', default: '1500' },
    seed: { type: 'string', default: '1' },
  },
})
const N = Number(args.students)
const LOSE = Number(args.lose)
const SLIP = Number(args.slip)
const POOL = Number(args.pool)
const CAP = Number(args.cap)

// ── The pool: real variants, with what each held mistake would be graded as ──────────────────────────
interface PoolPart {
  id: string
  /** Named mistakes this variant tells apart (for the rule's "reveals"). */
  told: string[]
  /** For each named mistake of this part: how the grader scores the mistake's value (null: the mistake gives no value here). */
  graded: Record<string, { correct: boolean; diagnosis: string | null } | null>
}
interface PoolVariant {
  seed: string
  parts: PoolPart[]
}

const templateIds = Object.keys(templates)
const t0 = performance.now()
const pool = new Map<string, PoolVariant[]>()
for (const id of templateIds) {
  const t = templates[id]
  const list: PoolVariant[] = []
  for (let i = 0; i < POOL; i++) {
    const seed = candidateSeed('simulation', id, i)
    const v = makeVariant(t, {}, seed)
    const told = discriminationByPart(t, v)
    const parts = t.parts(v).map((p): PoolPart => {
      const graded: PoolPart['graded'] = {}
      for (const m of t.mistakes) {
        if (m.part !== p.id) continue
        const value = m.value(v)
        if (value === undefined) {
          graded[m.id] = null
          continue
        }
        const g = t.grade(v, { [p.id]: value }).parts[p.id]
        graded[m.id] = { correct: g.correct, diagnosis: g.diagnosis }
      }
      return { id: p.id, told: told[p.id] ?? [], graded }
    })
    list.push({ seed, parts })
  }
  pool.set(id, list)
}
const poolSeconds = (performance.now() - t0) / 1000

/** Named mistakes some pool variant produces: the ones a simulated student can hold. */
const holdable = templateIds.flatMap((id) =>
  templates[id].mistakes.filter((m) => pool.get(id)!.some((v) => v.parts.some((p) => p.graded[m.id]))).map((m) => ({ templateId: id, misconceptionId: m.id, part: m.part })),
)

/** `blind`: ignores which mistake is targeted (any variant of the template), to isolate the telling-variant search. */
function poolFinder(rng: Rng, blind = false): VariantFinder {
  return {
    find(templateId, target) {
      const misconceptionId = blind ? null : target
      const list = pool.get(templateId)
      if (!list) return null
      const start = rng.int(0, list.length - 1)
      for (let k = 0; k < list.length; k++) {
        const v = list[(start + k) % list.length]
        if (misconceptionId === null || v.parts.some((p) => p.told.includes(misconceptionId))) return v.seed
      }
      return null
    },
  }
}

type Strategy = 'targeted' | 'skills-only' | 'random'
const STRATEGIES: Strategy[] = ['targeted', 'skills-only', 'random']

/** Questions until every skill is proficient (CAP if never). */
function run(student: number, strategy: Strategy): number {
  // The same student (misconceptions, answer stream) under both strategies; the question stream differs.
  const who = createRng(`${args.seed}${student.toString(16).padStart(8, '0')}`.padEnd(32, '7'))
  const held = new Set<string>()
  const count = who.chance(0.5) ? 1 : 2
  while (held.size < count) {
    const m = who.pick(holdable)
    held.add(`${m.templateId}\u001f${m.misconceptionId}`)
  }
  const answers = createRng(`${student.toString(16).padStart(8, '0')}${args.seed}`.padEnd(32, '3'))
  const chooser = createRng(`${STRATEGIES.indexOf(strategy) + 10}${student.toString(16).padStart(8, '0')}`.padEnd(32, '5'))
  const finder = poolFinder(chooser, strategy === 'skills-only')
  const evidence: Evidence[] = []
  for (let q = 1; q <= CAP; q++) {
    const now = q * 60_000
    let templateId: string
    let seed: string
    if (strategy !== 'random') {
      const pick = pickPractice(masteryOf(evidence), { now, rng: chooser, finder, templateIds, salt: String(q) })
      if (!pick) return q - 1
      templateId = pick.templateId
      seed = pick.seed
    } else {
      templateId = chooser.pick(templateIds)
      seed = chooser.pick(pool.get(templateId)!).seed
    }
    const variant = pool.get(templateId)!.find((v) => v.seed === seed)!
    for (const part of variant.parts) {
      const mine = Object.keys(part.graded).find((id) => held.has(`${templateId}\u001f${id}`) && part.graded[id])
      let correct = !answers.chance(SLIP)
      let diagnosis: string | null = null
      if (mine) {
        const g = part.graded[mine]!
        correct = g.correct
        diagnosis = g.diagnosis
        // The worked contrast for the diagnosed mistake; seeing their own mistake contrasted may cure it.
        if (diagnosis === mine && answers.chance(LOSE)) held.delete(`${templateId}\u001f${mine}`)
      }
      evidence.push({ at: now, templateId, partId: part.id, correct, diagnosis, reveals: correct ? part.told : [], source: 'practice' })
    }
    const state = masteryOf(evidence)
    if (SKILL_IDS.every((s) => state.skills[s].level === 'proficient' || state.skills[s].level === 'mastered')) return q
  }
  return CAP
}

function quantile(sorted: number[], p: number): number {
  const i = (sorted.length - 1) * p
  const lo = Math.floor(i)
  const hi = Math.ceil(i)
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo)
}

const results: Record<Strategy, number[]> = { targeted: [], 'skills-only': [], random: [] }
const t1 = performance.now()
for (let s = 0; s < N; s++) for (const k of STRATEGIES) results[k].push(run(s, k))
const runSeconds = (performance.now() - t1) / 1000

console.log(`Mastery simulation: ${N} students, ${templateIds.length} templates × ${POOL} variants, ${holdable.length} holdable mistakes`)
console.log(`Each student holds 1–2 misconceptions, loses a diagnosed one with p = ${LOSE} after the worked contrast; slip ${SLIP} per part; cap ${CAP} questions.`)
console.log(`(pool built in ${poolSeconds.toFixed(1)} s, runs in ${runSeconds.toFixed(1)} s)`)
console.log('')
console.log('strategy      median   p90   mean   capped')
for (const k of STRATEGIES) {
  const r = [...results[k]].sort((a, b) => a - b)
  const mean = r.reduce((a, b) => a + b, 0) / r.length
  const capped = r.filter((x) => x >= CAP).length
  console.log(`${k.padEnd(12)} ${quantile(r, 0.5).toFixed(0).padStart(7)} ${quantile(r, 0.9).toFixed(0).padStart(5)} ${mean.toFixed(1).padStart(6)} ${String(capped).padStart(8)}`)
}

/**
 * Issue 9, "The catalog", over every template in the registry: in every string a student can read (statement,
 * prompts, worked solution, feedback), "=" joins only exactly equal values and "≈" only a rounded right side,
 * and no chain repeats a member ("λ′ = 29/2 = 29/2"). Each math segment is read as chains of members joined by
 * "=" / "≈" (plain text from lib/questions/plain.ts, whitespace normalized); members that are numbers (an
 * integer, a decimal, a fraction a/b) are evaluated here, independently of the formatting helpers.
 */
import { describe, expect, test } from 'vitest'
import { mathTextToPlain, texToPlain } from '@/lib/questions/plain'
import { listTemplates } from '@/lib/questions/registry'
import { splitMathText } from '@/lib/questions/render'
import { testSeed } from '@/lib/questions/selftest'
import type { AnyTemplate, Step, Submission } from '@/lib/questions/types'
import { makeVariant } from '@/lib/questions/variant'

const SEEDS = 40

/** Exact value of a numeric member as a fraction [num, den] (BigInt), or null when the member is not a number. */
function exactOf(member: string): [bigint, bigint] | null {
  // "3", "-0.25", "29/2", "-(3)/4", "(-3)/4"
  const m = /^([-−]?)(?:\(([-−]?)(\d+)(?:\.(\d+))?\)|(\d+)(?:\.(\d+))?)(?:\/(\d+))?$/.exec(member)
  if (!m) return null
  const sign = (m[1] ? -1n : 1n) * (m[2] ? -1n : 1n)
  const frac = m[4] ?? m[6] ?? ''
  const den = 10n ** BigInt(frac.length) * BigInt(m[7] ?? 1)
  if (den === 0n) return null
  return [sign * BigInt((m[3] ?? m[5]) + frac), den]
}
const same = (a: [bigint, bigint], b: [bigint, bigint]) => a[0] * b[1] === b[0] * a[1]
/** A decimal of 4 or more decimals that no small fraction equals: a rounded value (2.6667, 0.3334). */
function looksRounded(member: string): boolean {
  const m = /^[-−]?\d+\.(\d{4,})$/.exec(member)
  if (!m) return false
  const v = exactOf(member) as [bigint, bigint]
  const g = (a: bigint, b: bigint): bigint => (b === 0n ? a : g(b, a % b))
  const num = v[0] < 0n ? -v[0] : v[0]
  return v[1] / g(num, v[1]) > 1000n
}

/** The rounded-looking decimals in a member ("0.6 x + 9.2411" → ["9.2411"]). */
const roundedIn = (member: string) => (member.match(/\d+\.\d{4,}/g) ?? []).filter(looksRounded)

interface Link {
  left: string
  rel: '=' | '≈'
  right: string
}

/** The "=" / "≈" links of a TeX math segment, statement by statement (split at \\, \quad, commas, text, other relations). */
function links(tex: string): Link[] {
  const out: Link[] = []
  const statements = tex.split(/\\\\|\\q?quad\b|\\text\{[^}]*\}|&|(?<!\\),|;|\\(?:Rightarrow|implies|iff|le|ge|leq|geq|ne|lt|gt|in|mid)\b|<|>/)
  for (const st of statements) {
    const parts = texToPlain(st).split(/\s*(=|≈)\s*/)
    for (let i = 1; i + 1 < parts.length; i += 2) {
      out.push({ left: parts[i - 1].trim(), rel: parts[i] as '=' | '≈', right: parts[i + 1].trim() })
    }
  }
  return out
}

function problems(text: string): string[] {
  const found: string[] = []
  for (const seg of splitMathText(text)) {
    if (seg.kind === 'text') continue
    for (const { left, rel, right } of links(seg.tex)) {
      const shown = `${left} ${rel} ${right}` + ` [in: ${texToPlain(seg.tex).slice(0, 160)}]`
      if (left !== '' && left === right) found.push(`repeats a member: "${shown}"`)
      const a = exactOf(left)
      const b = exactOf(right)
      if (a && b) {
        if (rel === '=' && !same(a, b)) found.push(`"=" between unequal values: "${shown}"`)
        if (rel === '≈' && same(a, b)) found.push(`"≈" between exactly equal values: "${shown}"`)
      } else if (rel === '=' && roundedIn(right).some((d) => !roundedIn(left).includes(d))) found.push(`"=" before a rounded decimal: "${shown}"`)
    }
  }
  return found
}

const stepTexts = (steps: Step[]) =>
  steps.flatMap((s) => [s.title, s.body, ...(s.table ? [...s.table.columns, ...s.table.rows.flat().map(String)] : [])])

/** Every string a student can read for variant v: statement, prompts, worked solution, and the feedback and
 * worked solution after the right answer and after each named mistake. */
function studentTexts(t: AnyTemplate, v: unknown): string[] {
  const intro = t.intro(v)
  const out = [intro.statement, ...t.parts(v).flatMap((p) => [p.prompt, p.label ?? ''])]
  const solution = t.solve(v)
  out.push(...stepTexts(t.derive(v)))
  const submissions: Submission[] = [solution]
  for (const m of t.mistakes) {
    const value = m.value(v)
    if (value !== undefined) submissions.push({ ...solution, [m.part]: value })
    out.push(m.description)
  }
  for (const s of submissions) {
    out.push(...Object.values(t.grade(v, s).parts).map((p) => p.feedback))
    out.push(...stepTexts(t.derive(v, s)))
  }
  return out
}

describe('the chain checker', () => {
  test('flags what the rule forbids and passes what it allows', () => {
    expect(problems('$t = \\frac{9}{2} \\approx 4.5$')).toHaveLength(1)
    expect(problems('$t = \\frac{9}{2} = 4.5$')).toEqual([])
    expect(problems('$|\\rho| = 2.6667$')).toHaveLength(1)
    expect(problems('$|\\rho| \\approx 2.6667$, $|\\rho| = 0.0625$')).toEqual([])
    expect(problems('$\\lambda\' = \\frac{29}{2} = \\frac{29}{2}$')).toHaveLength(1)
    expect(problems('$w = \\frac{1}{3} = 0.3333$')).toHaveLength(1)
    expect(problems('$w = -\\frac{1}{3} \\approx -0.3333$')).toEqual([])
    expect(problems('$\\hat y = 0.6667\\,x + 2$')).toHaveLength(1)
    expect(problems('$\\hat y = \\frac{2}{3}\\,x + 2 \\approx 0.6667\\,x + 2$, $b = 4 - 3 \\cdot 0.25$')).toEqual([])
    expect(mathTextToPlain('$a = \\frac{1}{2}$')).toBe('a = 1/2')
  })
})

describe('"=" only between exactly equal values, "≈" only before a rounded value, no repeated member', () => {
  for (const t of listTemplates()) {
    test(`${t.id} (${SEEDS} seeds)`, () => {
      const found = new Set<string>()
      for (let i = 0; i < SEEDS; i++) {
        const v = makeVariant(t, {}, testSeed(i, 'equalities'))
        for (const text of studentTexts(t, v)) for (const p of problems(text)) found.add(p)
      }
      expect([...found].slice(0, 12)).toEqual([])
    }, 60_000)
  }
})

import type { Metadata } from 'next'
import Link from 'next/link'
import { practiceList } from '@/lib/server/practice'
import { currentActor } from '@/lib/server/session'
import { MathText } from '../_components/MathText'
import { ShowUserError } from '../_components/ShowUserError'

export const metadata: Metadata = { title: 'Practice' }
export const dynamic = 'force-dynamic'

export default async function PracticeIndexPage() {
  return ShowUserError(async () => {
    const groups = practiceList(await currentActor())
    return (
      <>
        <h1>Practice</h1>
        <p>
          Pick a question: you get a fresh random dataset, your answer is checked at once with feedback and the worked derivation, and nothing is recorded. Each question
          also has a sample in the <Link href="/catalog">question catalog</Link>.
        </p>
        {groups.map((g) => (
          <section key={g.id} className="card" aria-labelledby={`topic-${g.id}`}>
            <h2 id={`topic-${g.id}`} style={{ marginTop: 0 }}>
              {g.label}
            </h2>
            <ul className="plain">
              {g.items.map((t) => (
                <li key={t.id}>
                  <Link href={`/practice/${t.id}`} prefetch={false} style={{ fontWeight: 600 }}>
                    {t.title}
                  </Link>
                  <MathText className="muted small" text={t.description} />
                </li>
              ))}
            </ul>
          </section>
        ))}
      </>
    )
  })
}

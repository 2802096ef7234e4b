import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { getTemplate } from '@/lib/questions/registry'
import { isUserError } from '@/lib/server/errors'
import { practiceTarget } from '@/lib/server/mastery'
import { newPracticeSeed, openPractice, practiceTemplate } from '@/lib/server/practice'
import { currentActor } from '@/lib/server/session'
import { toClientParts } from '../../_components/clientParts'
import { MathText } from '../../_components/MathText'
import { DataTableView, FigureView } from '../../_components/QuestionParts'
import { ShowUserError } from '../../_components/ShowUserError'
import { PracticeForm } from '../PracticeForm'

export const dynamic = 'force-dynamic'

type Props = { params: Promise<{ templateId: string }>; searchParams: Promise<{ seed?: string | string[]; target?: string | string[] }> }

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const t = getTemplate((await params).templateId)
  return { title: t ? `Practice: ${t.title}` : 'Practice' }
}

export default async function PracticeTemplatePage({ params, searchParams }: Props) {
  const { templateId } = await params
  const { seed, target } = await searchParams
  return ShowUserError(async () => {
    const actor = await currentActor()
    if (seed === undefined) {
      const t = practiceTemplate(actor, templateId)
      redirect(`/practice/${encodeURIComponent(t.id)}?seed=${newPracticeSeed()}`)
    }
    let q: ReturnType<typeof openPractice>
    try {
      q = openPractice(actor, templateId, seed)
    } catch (e) {
      if (!isUserError(e) || e.code !== 'invalid') throw e
      const t = practiceTemplate(actor, templateId)
      return (
        <div className="card">
          <h1>{t.title}</h1>
          <div className="alert error" role="alert">
            {e.message}
          </div>
          <p className="row">
            <Link className="button" href={`/practice/${t.id}`} prefetch={false}>
              Practice a new variant
            </Link>
            <Link href="/practice">All practice questions</Link>
          </p>
        </div>
      )
    }
    const another = `/practice/${q.template.id}`
    const aim = practiceTarget(q.template.id, q.seed, target)
    return (
      <>
        <p className="small">
          <Link href="/practice">Practice</Link> › {q.template.title}
        </p>
        <h1>{q.template.title}</h1>
        <p className="muted small">
          Ungraded practice · variant <code>{q.seed.slice(0, 8)}</code> · this page’s address always shows the same dataset
        </p>
        {aim && (
          <div className="alert" role="note" data-target={aim.id}>
            Chosen for a mistake you made: <MathText as="span" text={aim.label} />. With these numbers that mistake gives a different answer from the right method, so
            a right answer here shows you have it sorted. After you check, you see both methods side by side.
          </div>
        )}
        <section className="card" aria-labelledby="q-heading">
          <h2 id="q-heading" style={{ marginTop: 0 }}>
            Question
          </h2>
          <MathText text={q.intro.statement} />
          {q.intro.table && <DataTableView table={q.intro.table} id="dataset" />}
          {q.intro.figure && <FigureView figure={q.intro.figure} />}
        </section>
        <PracticeForm key={q.seed} templateId={q.template.id} seed={q.seed} parts={toClientParts(q.parts)} target={aim?.id} />
        <nav aria-label="More practice" className="row" style={{ marginTop: 16 }}>
          <Link className="button" href={another} prefetch={false}>
            Another variant
          </Link>
          {aim && (
            <a className="button" href="/skills/practice">
              Next targeted question
            </a>
          )}
          <Link className="button secondary" href="/practice">
            All practice questions
          </Link>
        </nav>
      </>
    )
  })
}

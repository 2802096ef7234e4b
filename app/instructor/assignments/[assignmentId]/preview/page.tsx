import Link from 'next/link'
import { db } from '@/lib/db'
import type { AnswerValue } from '@/lib/questions/types'
import { assignmentForEdit } from '@/lib/server/instructor/assignments'
import { previewItem } from '@/lib/server/instructor/preview'
import { currentActor } from '@/lib/server/session'
import { MathText } from '../../../../_components/MathText'
import { DataTableView, Derivation, FigureView } from '../../../../_components/QuestionParts'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { AssignmentNav } from '../../../_components/AssignmentNav'

export const metadata = { title: 'Preview' }
export const dynamic = 'force-dynamic'

const show = (v: AnswerValue | null | undefined) =>
  v === null || v === undefined ? 'undefined' : Array.isArray(v) ? `[${v.join(', ')}]` : typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : v

export default async function PreviewPage({ params, searchParams }: { params: Promise<{ assignmentId: string }>; searchParams: Promise<{ item?: string; seed?: string }> }) {
  const { assignmentId } = await params
  const sp = await searchParams
  return ShowUserError(async () => {
    const actor = await currentActor()
    const a = await assignmentForEdit(db(), actor, assignmentId)
    const itemId = typeof sp.item === 'string' && a.items.some((i) => i.id === sp.item) ? sp.item : a.items[0]?.id
    const seedNumber = Math.max(1, Math.min(1_000_000, Number.parseInt(String(sp.seed ?? '1'), 10) || 1))
    const p = itemId ? await previewItem(db(), actor, { itemId, seed: seedNumber }) : null
    const href = (item: string, seed: number) => `/instructor/assignments/${a.id}/preview?item=${item}&seed=${seed}`
    return (
      <>
        <AssignmentNav assignment={{ id: a.id, title: a.title, courseId: a.courseId, courseTitle: a.courseTitle }} current="/preview" />
        <h1>Preview</h1>
        {!p ? (
          <p className="card">This assignment has no questions yet.</p>
        ) : (
          <>
            <nav aria-label="Questions" className="row small">
              {a.items.map((i) => (
                <Link key={i.id} href={href(i.id, seedNumber)} aria-current={i.id === p.item.id ? 'page' : undefined} className={`button ${i.id === p.item.id ? '' : 'secondary'}`} style={{ minHeight: 36, padding: '4px 12px' }}>
                  Q{i.position}
                </Link>
              ))}
            </nav>
            <div className="row" style={{ margin: '12px 0' }}>
              <Link className="button secondary" href={href(p.item.id, Math.max(1, seedNumber - 1))} aria-disabled={seedNumber <= 1} aria-label="Previous seed">
                ‹ Previous seed
              </Link>
              <form method="get" className="row" style={{ gap: 6 }}>
                <input type="hidden" name="item" value={p.item.id} />
                <label htmlFor="seed" style={{ margin: 0 }}>
                  Seed
                </label>
                <input key={seedNumber} id="seed" name="seed" type="number" min={1} max={1000000} defaultValue={seedNumber} style={{ width: 120 }} />
                <button type="submit" className="secondary">
                  Show
                </button>
              </form>
              <Link className="button secondary" href={href(p.item.id, seedNumber + 1)} aria-label="Next seed">
                Next seed ›
              </Link>
            </div>
            <p className="muted small">
              Question {p.item.position} · {p.template.title} · template version {p.template.version} · preview seed {p.seedNumber} ({p.seed.slice(0, 12)}…). Students get their own seeds;
              previews never change anyone’s dataset.
            </p>
            <section className="card" aria-labelledby="sv-h">
              <h2 id="sv-h" style={{ marginTop: 0 }}>
                What the student sees
              </h2>
              <MathText text={p.intro.statement} />
              {p.intro.table && <DataTableView table={p.intro.table} />}
              {p.intro.figure && <FigureView figure={p.intro.figure} />}
              {p.parts.map((part, i) => (
                <div className="part" key={part.id}>
                  <p>
                    <strong>Part {i + 1}</strong> <span className="muted small">({part.points} point{part.points === 1 ? '' : 's'})</span>
                  </p>
                  <MathText text={part.prompt} />
                  {part.answer.type === 'choice' && (
                    <ul>
                      {part.answer.options.map((o) => (
                        <li key={o.id}>
                          <MathText as="span" text={o.label} />
                        </li>
                      ))}
                    </ul>
                  )}
                  {'labels' in part.answer && <p className="muted small">Labels: {part.answer.labels.join(', ')}</p>}
                </div>
              ))}
            </section>
            <section className="card" aria-labelledby="key-h">
              <h2 id="key-h" style={{ marginTop: 0 }}>
                Answer key (staff only)
              </h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col" className="left">
                        Part
                      </th>
                      <th scope="col" className="left">
                        Correct answer
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.parts.map((part, i) => (
                      <tr key={part.id}>
                        <td className="left">
                          {i + 1} <code className="small">{part.id}</code>
                        </td>
                        <td className="left">
                          <code>{show(p.answers[part.id])}</code>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              {p.mistakes.length > 0 && (
                <>
                  <h3>What each named mistake would answer here</h3>
                  <div className="table-wrap">
                    <table>
                      <thead>
                        <tr>
                          <th scope="col" className="left">
                            Mistake
                          </th>
                          <th scope="col" className="left">
                            Part
                          </th>
                          <th scope="col" className="left">
                            Value
                          </th>
                        </tr>
                      </thead>
                      <tbody>
                        {p.mistakes.map((m) => (
                          <tr key={m.id}>
                            <td className="left">
                              <MathText as="span" text={m.label} />
                            </td>
                            <td className="left">
                              <code className="small">{m.part}</code>
                            </td>
                            <td className="left">{m.value === null ? <span className="muted">not distinguishable for this dataset</span> : <code>{show(m.value)}</code>}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                </>
              )}
            </section>
            <section aria-labelledby="der-h">
              <h2 id="der-h">Worked derivation</h2>
              <Derivation steps={p.derivation} />
            </section>
          </>
        )}
      </>
    )
  })
}

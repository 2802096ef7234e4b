import Link from 'next/link'
import { db } from '@/lib/db'
import { studentDrilldown } from '@/lib/server/instructor/results'
import { currentActor } from '@/lib/server/session'
import { fmtPoints } from '../../../../../_components/format'
import { LocalTime } from '../../../../../_components/LocalTime'
import { MathText } from '../../../../../_components/MathText'
import { ScoreBadge } from '../../../../../_components/QuestionParts'
import { ShowUserError } from '../../../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../../../_components/ActionForm'
import { AssignmentNav } from '../../../../_components/AssignmentNav'
import { giveCreditAction, overrideGradeAction } from '../../../actions'

export const dynamic = 'force-dynamic'

export default async function StudentDrilldownPage({ params }: { params: Promise<{ assignmentId: string; userId: string }> }) {
  const { assignmentId, userId } = await params
  return ShowUserError(async () => {
    const d = await studentDrilldown(db(), await currentActor(), { assignmentId, userId })
    const path = `/instructor/assignments/${d.assignment.id}/students/${d.student.id}`
    return (
      <>
        <AssignmentNav assignment={{ id: d.assignment.id, title: d.assignment.title, courseId: d.assignment.courseId, courseTitle: d.assignment.courseTitle }} current="other" />
        <h1>
          {d.student.name} <span className="muted small">{d.student.email}</span>
        </h1>
        <p className="muted">
          Due <LocalTime at={d.extensionDue ?? d.assignment.dueAt} />
          {d.extensionDue && ' (extension)'} · <Link href={`/instructor/assignments/${d.assignment.id}/gradebook`}>back to the gradebook</Link>
        </p>
        {d.items.map((item) => (
          <section key={item.id} className="card" aria-labelledby={`q-${item.id}`}>
            <h2 id={`q-${item.id}`} style={{ marginTop: 0 }}>
              Q{item.position}. {item.title} <ScoreBadge score={item.best} /> <span className="muted small">{fmtPoints(item.points)} points</span>
            </h2>
            {item.attempts.length === 0 && <p className="muted">No attempts.</p>}
            {item.credit && (
              <p data-testid={`credit-${item.position}`}>
                <span className="badge part">credit given</span> {Math.round(item.credit.score * 1000) / 10}% by {item.credit.by}, <LocalTime at={item.credit.at} /> · “
                {item.credit.reason}” {item.credit.shareReason ? '(reason shown to the student)' : '(reason not shown to the student)'}
              </p>
            )}
            {item.attempts.length === 0 && (
              <ActionForm action={giveCreditAction} label={`Give credit for question ${item.position}`}>
                <input type="hidden" name="itemId" value={item.id} />
                <input type="hidden" name="userId" value={d.student.id} />
                <input type="hidden" name="path" value={path} />
                <div className="row">
                  <label htmlFor={`credit-pct-${item.id}`} style={{ margin: 0 }}>
                    Credit without an attempt (%)
                  </label>
                  <input id={`credit-pct-${item.id}`} name="percent" type="number" min={0} max={100} step="any" style={{ width: 100 }} required aria-describedby={`credit-pct-${item.id}-error`} />
                  <label htmlFor={`credit-why-${item.id}`} style={{ margin: 0 }}>
                    Reason
                  </label>
                  <input id={`credit-why-${item.id}`} name="reason" type="text" required minLength={3} maxLength={1000} style={{ maxWidth: 280 }} aria-describedby={`credit-why-${item.id}-error`} />
                  <label style={{ margin: 0, display: "inline-flex", gap: 6, alignItems: "center", fontWeight: 400 }}>
                    <input type="checkbox" name="shareReason" /> Show the reason to the student
                  </label>
                  <button type="submit" className="secondary">
                    Give credit
                  </button>
                </div>
                <FieldError name="percent" id={`credit-pct-${item.id}-error`} />
                <FieldError name="reason" id={`credit-why-${item.id}-error`} />
              </ActionForm>
            )}
            {item.attempts.map((t) => (
              <details key={t.id} open={item.attempts.length <= 2} style={{ borderTop: '1px solid #d5dae1', padding: '8px 0' }}>
                <summary>
                  Attempt {t.number} · <ScoreBadge score={t.score} /> {t.rawScore !== t.score && <span className="small muted">raw {Math.round(t.rawScore * 100)}%</span>}{' '}
                  {t.late && <span className="badge part">late</span>} <span className="small muted"><LocalTime at={t.submittedAt} /></span>
                </summary>
                <p className="small muted">
                  Variant {t.variant.index + 1} · seed <code>{t.variant.seed.slice(0, 16)}…</code> · template version {t.templateVersion} ·{' '}
                  <Link href={`/attempts/${t.id}`}>full attempt page with the dataset and derivation</Link>
                </p>
                <div className="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col" className="left">
                          Part
                        </th>
                        <th scope="col" className="left">
                          Answer given
                        </th>
                        <th scope="col" className="left">
                          Correct
                        </th>
                        <th scope="col" className="left">
                          Result and feedback
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {t.parts.map((p, i) => (
                        <tr key={p.id}>
                          <td className="left">{i + 1}</td>
                          <td className="left">
                            {p.isChoice ? <MathText as="span" text={p.givenText} /> : <code>{p.givenText}</code>}
                          </td>
                          <td className="left">
                            {p.isChoice ? <MathText as="span" text={p.correctText} /> : <code>{p.correctText}</code>}
                          </td>
                          <td className="left">
                            {p.grade ? (
                              <>
                                <span className={`badge ${p.grade.correct ? 'ok' : p.grade.score > 0 ? 'part' : 'bad'}`}>{p.grade.correct ? 'correct' : `${Math.round(p.grade.score * 100)}%`}</span>{' '}
                                {p.mistake && (
                                  <strong>
                                    <MathText as="span" text={p.mistake} />
                                  </strong>
                                )}
                                <MathText text={p.grade.feedback} className="small" />
                              </>
                            ) : (
                              '—'
                            )}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {t.changes.length > 0 && (
                  <>
                    <h3>Grade changes</h3>
                    <ul className="small">
                      {t.changes.map((c) => (
                        <li key={c.id}>
                          <LocalTime at={c.at} /> · {c.kind.toLowerCase()} by {c.by}: {Math.round(c.from * 1000) / 10}% → {Math.round(c.to * 1000) / 10}% · “{c.reason}”{c.shareReason ? ' (reason shown to the student)' : ' (reason not shown to the student)'}
                        </li>
                      ))}
                    </ul>
                  </>
                )}
                <ActionForm action={overrideGradeAction} label={`Override the grade of attempt ${t.number}`}>
                  <input type="hidden" name="attemptId" value={t.id} />
                  <input type="hidden" name="path" value={path} />
                  <div className="row">
                  <label htmlFor={`pct-${t.id}`} style={{ margin: 0 }}>
                    Override score (%)
                  </label>
                  <input id={`pct-${t.id}`} name="percent" type="number" min={0} max={100} step="any" style={{ width: 100 }} required />
                  <label htmlFor={`why-${t.id}`} style={{ margin: 0 }}>
                    Reason
                  </label>
                  <input id={`why-${t.id}`} name="reason" type="text" required minLength={3} maxLength={1000} style={{ maxWidth: 280 }} />
                  <label style={{ margin: 0, display: "inline-flex", gap: 6, alignItems: "center", fontWeight: 400 }}>
                    <input type="checkbox" name="shareReason" /> Show the reason to the student
                  </label>
                  <button type="submit" className="secondary">
                    Override
                  </button>
                  </div>
                  <FieldError name="percent" />
                  <FieldError name="reason" />
                </ActionForm>
              </details>
            ))}
          </section>
        ))}
      </>
    )
  })
}

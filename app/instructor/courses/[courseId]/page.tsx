import Link from 'next/link'
import { db } from '@/lib/db'
import { courseHome } from '@/lib/server/instructor/courses'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../../../_components/LocalTime'
import { ShowUserError } from '../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../_components/ActionForm'
import { changeRoleAction, importRosterAction, inviteAction, regenerateJoinCodeAction } from '../../actions'

export const dynamic = 'force-dynamic'

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params
  return ShowUserError(async () => {
    const c = await courseHome(db(), await currentActor(), courseId)
    const isInstructor = c.myRole === 'INSTRUCTOR'
    const count = (r: string) => c.people.filter((p) => p.role === r).length
    return (
      <>
        <nav aria-label="Breadcrumb" className="small">
          <Link href="/instructor">Teaching</Link> › {c.title}
        </nav>
        <h1>
          {c.title} <span className="badge neutral">{c.myRole.toLowerCase()}</span>
        </h1>
        <section className="card" aria-labelledby="join-h">
          <h2 id="join-h" style={{ marginTop: 0 }}>
            Join code
          </h2>
          <p>
            Students join at <code>/join</code> with the code{' '}
            <strong data-testid="join-code" style={{ fontSize: '1.3rem', letterSpacing: '.06em' }}>
              {c.joinCode}
            </strong>
          </p>
          {isInstructor && (
            <ActionForm action={regenerateJoinCodeAction} label="New join code">
              <input type="hidden" name="courseId" value={c.id} />
              <button type="submit" className="secondary">
                Make a new code (the old one stops working)
              </button>
            </ActionForm>
          )}
          <p className="small">
            <Link href={`/instructor/courses/${c.id}/gradebook`}>Course gradebook (every assignment)</Link> ·{' '}
            <a href={`/api/instructor/courses/${c.id}/canvas`} download>
              Download all grades for Canvas (CSV)
            </a>
          </p>
          <p className="small">
            <Link href={`/instructor/courses/${c.id}/datasets`}>Datasets: your own data for questions</Link>
          </p>
          <p className="small">
            <Link href={`/instructor/courses/${c.id}/mastery`}>Class mastery: students × skills</Link>
          </p>
          <p className="small">
            <Link href={`/instructor/courses/${c.id}/lms`}>LMS course: roster sync and who left</Link>
          </p>
        </section>

        <section className="card" aria-labelledby="asg-h">
          <div className="row" style={{ justifyContent: 'space-between' }}>
            <h2 id="asg-h" style={{ margin: 0 }}>
              Assignments
            </h2>
            {isInstructor && (
              <Link className="button" href={`/instructor/courses/${c.id}/assignments/new`}>
                New assignment
              </Link>
            )}
          </div>
          {c.assignments.length === 0 ? (
            <p className="muted">No assignments yet.</p>
          ) : (
            <ul className="plain">
              {c.assignments.map((a) => (
                <li key={a.id} className="row" style={{ justifyContent: 'space-between' }}>
                  <Link href={`/instructor/assignments/${a.id}`}>{a.title}</Link>
                  <span className="muted small">
                    {a.items} question{a.items === 1 ? '' : 's'} · due <LocalTime at={a.dueAt} relative /> ·{' '}
                    <Link href={`/instructor/assignments/${a.id}/gradebook`}>gradebook</Link> ·{' '}
                    <Link href={`/instructor/assignments/${a.id}/misconceptions`}>misconceptions</Link>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </section>

        <section className="card" aria-labelledby="people-h">
          <h2 id="people-h" style={{ marginTop: 0 }}>
            People
          </h2>
          <p className="muted small">
            {count('INSTRUCTOR')} instructor{count('INSTRUCTOR') === 1 ? '' : 's'}, {count('TA')} TA{count('TA') === 1 ? '' : 's'}, {count('STUDENT')} student
            {count('STUDENT') === 1 ? '' : 's'}. TAs see results and can override grades; only instructors edit assignments and people.
          </p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col" className="left">
                    Name
                  </th>
                  <th scope="col" className="left">
                    Email
                  </th>
                  <th scope="col" className="left">
                    Role
                  </th>
                  <th scope="col" className="left">
                    Joined
                  </th>
                </tr>
              </thead>
              <tbody>
                {c.people.map((p) => (
                  <tr key={p.userId}>
                    <td className="left">{p.name}</td>
                    <td className="left">{p.email}</td>
                    <td className="left">
                      {isInstructor ? (
                        <ActionForm action={changeRoleAction} className="row" label={`Role of ${p.name}`}>
                          <input type="hidden" name="courseId" value={c.id} />
                          <input type="hidden" name="userId" value={p.userId} />
                          <select name="role" defaultValue={p.role} aria-label={`Role of ${p.name}`} style={{ width: 'auto' }}>
                            <option value="STUDENT">student</option>
                            <option value="TA">TA</option>
                            <option value="INSTRUCTOR">instructor</option>
                            <option value="REMOVE">remove from course</option>
                          </select>
                          <button type="submit" className="secondary">
                            Apply
                          </button>
                        </ActionForm>
                      ) : (
                        p.role.toLowerCase()
                      )}
                    </td>
                    <td className="left small"><LocalTime at={p.joinedAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {isInstructor && (
            <ActionForm action={inviteAction} label="Invite a person">
              <h3>Invite a TA, instructor or student</h3>
              <p className="small muted">They get a link to accept; nobody is added without their consent.</p>
              <input type="hidden" name="courseId" value={c.id} />
              <label htmlFor="email">Their email</label>
              <input id="email" name="email" type="email" required autoComplete="off" aria-describedby="email-error" />
              <FieldError name="email" />
              <label htmlFor="role">Role</label>
              <select id="role" name="role" defaultValue="TA">
                <option value="TA">TA</option>
                <option value="INSTRUCTOR">instructor</option>
                <option value="STUDENT">student</option>
              </select>
              <p>
                <button type="submit">Invite</button>
              </p>
            </ActionForm>
          )}
          {isInstructor && (
            <>
            <h3 id="roster-h">Import a roster from a CSV file</h3>
            <p className="small muted" id="roster-help">
              One person per line: a header row with an <code>email</code> column (and optionally a <code>role</code> column: student, TA or instructor), or no header with
              the email first. Up to 1000 people, 256 KB. Everyone gets an invitation; if any line is wrong, nobody is invited and each wrong line is listed.
            </p>
            <ActionForm action={importRosterAction} label="Import a roster">
              <input type="hidden" name="courseId" value={c.id} />
              <label htmlFor="roster-file">CSV file</label>
              <input id="roster-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="roster-help file-error" />
              <FieldError name="file" />
              <label htmlFor="roster-role">Role for lines without one</label>
              <select id="roster-role" name="defaultRole" defaultValue="STUDENT">
                <option value="STUDENT">student</option>
                <option value="TA">TA</option>
                <option value="INSTRUCTOR">instructor</option>
              </select>
              <p>
                <button type="submit">Import roster</button>
              </p>
            </ActionForm>
            </>
          )}
        </section>
      </>
    )
  })
}

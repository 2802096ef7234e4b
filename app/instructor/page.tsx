import Link from 'next/link'
import { db } from '@/lib/db'
import { listTeaching } from '@/lib/server/instructor/courses'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../_components/ShowUserError'
import { ActionForm, FieldError } from './_components/ActionForm'
import { createCourseAction } from './actions'

export const metadata = { title: 'Teaching' }
export const dynamic = 'force-dynamic'

export default async function InstructorHome() {
  return ShowUserError(async () => {
    const courses = await listTeaching(db(), await currentActor())
    return (
      <>
        <h1>Teaching</h1>
        {courses.length === 0 ? (
          <p className="card">You do not teach a course yet. Create one below; you become its instructor and can add TAs and other instructors.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption>Courses you teach</caption>
              <thead>
                <tr>
                  <th scope="col" className="left">
                    Course
                  </th>
                  <th scope="col" className="left">
                    Your role
                  </th>
                  <th scope="col">Students</th>
                  <th scope="col">Assignments</th>
                  <th scope="col" className="left">
                    Join code
                  </th>
                </tr>
              </thead>
              <tbody>
                {courses.map((c) => (
                  <tr key={c.id}>
                    <td className="left">
                      <Link href={`/instructor/courses/${c.id}`}>{c.title}</Link>
                    </td>
                    <td className="left">{c.role.toLowerCase()}</td>
                    <td>{c.students}</td>
                    <td>{c.assignments}</td>
                    <td className="left">
                      <code>{c.joinCode}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <section className="card" aria-labelledby="new-course">
          <h2 id="new-course" style={{ marginTop: 0 }}>
            Create a course
          </h2>
          <ActionForm action={createCourseAction} label="Create a course">
            <label htmlFor="title">Title</label>
            <input id="title" name="title" type="text" required maxLength={120} placeholder="e.g. Regression methods, spring term" aria-describedby="title-error" />
            <FieldError name="title" />
            <label htmlFor="joinCode">Join code (optional)</label>
            <input id="joinCode" name="joinCode" type="text" maxLength={24} autoComplete="off" placeholder="left empty: a random code like K7QX-3MPA" aria-describedby="joinCode-help joinCode-error" />
            <p className="muted small" id="joinCode-help">
              Letters, digits and dashes. Students type it on the “Join a course” page.
            </p>
            <FieldError name="joinCode" />
            <p>
              <button type="submit">Create course</button>
            </p>
          </ActionForm>
        </section>
      </>
    )
  })
}

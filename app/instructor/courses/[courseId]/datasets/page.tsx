import Link from 'next/link'
import { db } from '@/lib/db'
import { courseHome } from '@/lib/server/instructor/courses'
import { courseDatasets } from '@/lib/server/instructor/datasets'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { UploadForm } from '../../../datasets/UploadForm'

export const metadata = { title: 'Datasets' }
export const dynamic = 'force-dynamic'

export default async function CourseDatasetsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params
  return ShowUserError(async () => {
    const actor = await currentActor()
    const sets = await courseDatasets(db(), actor, courseId)
    const c = await courseHome(db(), actor, courseId)
    const isInstructor = c.myRole === 'INSTRUCTOR'
    return (
      <>
        <p className="small">
          <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${c.id}`}>{c.title}</Link> › Datasets
        </p>
        <h1>Datasets</h1>
        <p>
          Your own data for questions about one or more features: each student gets a subsample of the rows (or all of them), and the worked derivation and the figures use
          those rows.
        </p>
        <section className="card" aria-labelledby="ds-list-h">
          <h2 id="ds-list-h" style={{ marginTop: 0 }}>
            This course’s datasets
          </h2>
          {sets.length === 0 ? (
            <p className="muted">No dataset yet.</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="dataset-list">
                <thead>
                  <tr>
                    <th scope="col" className="left">
                      Name
                    </th>
                    <th scope="col">Latest version</th>
                    <th scope="col">Rows</th>
                    <th scope="col" className="left">
                      Columns
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {sets.map((d) => (
                    <tr key={d.id}>
                      <td className="left">
                        <Link href={`/instructor/datasets/${d.id}`}>{d.name}</Link>
                      </td>
                      <td>{d.versions[0]?.version}</td>
                      <td>{d.versions[0]?.rowCount}</td>
                      <td className="left small">{d.versions[0]?.columns.join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
        {isInstructor && (
          <section className="card" aria-labelledby="ds-up-h">
            <h2 id="ds-up-h" style={{ marginTop: 0 }}>
              Upload a dataset
            </h2>
            <p className="small">
              To try it, upload <code>datasets/stackloss.csv</code> from the LassoLab repository: Brownlee’s stack loss plant data (21 days, public domain).
            </p>
            <UploadForm courseId={c.id} />
          </section>
        )}
      </>
    )
  })
}

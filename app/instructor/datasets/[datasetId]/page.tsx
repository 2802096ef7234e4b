import Link from 'next/link'
import { db } from '@/lib/db'
import { datasetDetail } from '@/lib/server/instructor/datasets'
import { currentActor } from '@/lib/server/session'
import { LocalTime } from '../../../_components/LocalTime'
import { ShowUserError } from '../../../_components/ShowUserError'
import { UploadForm } from '../UploadForm'

export const metadata = { title: 'Dataset' }
export const dynamic = 'force-dynamic'

const num = (x: number) => String(Number(x.toPrecision(6)))

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ datasetId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { datasetId } = await params
  const sp = await searchParams
  const version = typeof sp.version === 'string' && /^\d{1,7}$/.test(sp.version) ? Number(sp.version) : undefined
  return ShowUserError(async () => {
    const d = await datasetDetail(db(), await currentActor(), { datasetId, version })
    const s = d.shown
    return (
      <>
        <p className="small">
          <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${d.course.id}`}>{d.course.title}</Link> ›{' '}
          <Link href={`/instructor/courses/${d.course.id}/datasets`}>Datasets</Link> › {d.name}
        </p>
        <h1>
          {d.name}, version {s.version}
        </h1>
        {sp.uploaded === '1' && (
          <div className="alert ok" role="status">
            Stored version {s.version}: {s.rowCount} rows, {s.columns.length} columns. Use it in a question from the question’s “data” link on the assignment page.
          </div>
        )}
        <p>
          File <code>{s.fileName}</code>, {s.rowCount} rows. {s.source ? <>Source: {s.source}</> : <span className="muted">No source given.</span>}
        </p>
        <section className="card" aria-labelledby="cols-h">
          <h2 id="cols-h" style={{ marginTop: 0 }}>
            Columns
          </h2>
          <div className="table-wrap">
            <table data-testid="dataset-columns">
              <thead>
                <tr>
                  <th scope="col" className="left">
                    Column
                  </th>
                  <th scope="col">Smallest</th>
                  <th scope="col">Largest</th>
                  <th scope="col">Mean</th>
                </tr>
              </thead>
              <tbody>
                {s.summary.map((c) => (
                  <tr key={c.name}>
                    <th scope="row" className="left">
                      {c.name}
                    </th>
                    <td>{num(c.min)}</td>
                    <td>{num(c.max)}</td>
                    <td>{num(c.mean)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="prev-h">
          <h2 id="prev-h" style={{ marginTop: 0 }}>
            Preview {s.previewRows.length < s.rowCount ? `(first ${s.previewRows.length} of ${s.rowCount} rows)` : `(all ${s.rowCount} rows)`}
          </h2>
          <div className="table-wrap">
            <table data-testid="dataset-preview">
              <thead>
                <tr>
                  <th scope="col">Row</th>
                  {s.columns.map((c) => (
                    <th scope="col" key={c}>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {s.previewRows.map((row, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity besides their position
                  <tr key={i}>
                    <td>{i + 1}</td>
                    {row.map((x, j) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                      <td key={j}>{num(x)}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        <section className="card" aria-labelledby="ver-h">
          <h2 id="ver-h" style={{ marginTop: 0 }}>
            Versions and the questions using them
          </h2>
          <p className="small muted">A version never changes. Each question keeps the version it was given, and each student’s variant keeps the rows it was made from, also through a regrade.</p>
          <ul data-testid="dataset-versions">
            {d.versions.map((v) => (
              <li key={v.version}>
                {v.version === s.version ? <strong>Version {v.version}</strong> : <Link href={`/instructor/datasets/${d.id}?version=${v.version}`}>Version {v.version}</Link>}: {v.rowCount} rows,{' '}
                <code>{v.fileName}</code>, uploaded <LocalTime at={v.createdAt} />; {v.variants} student variant{v.variants === 1 ? '' : 's'}.
                {v.items.length === 0 ? (
                  <span className="muted"> No question uses it.</span>
                ) : (
                  <ul>
                    {v.items.map((i) => (
                      <li key={i.id}>
                        <Link href={`/instructor/assignments/${i.assignmentId}`}>{i.assignmentTitle}</Link>, question {i.position} ({i.title})
                        {i.columns && (
                          <>
                            : features {i.columns.features.join(', ')}, response {i.columns.y}, {i.columns.sampleSize === null ? 'every row' : `${i.columns.sampleSize} rows per student`}
                          </>
                        )}
                        {' · '}
                        <Link href={`/instructor/items/${i.id}/data`} aria-label={`Data of question ${i.position} of ${i.assignmentTitle}`}>
                          change
                        </Link>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        </section>
        {d.myRole === 'INSTRUCTOR' && (
          <section className="card" aria-labelledby="newver-h">
            <h2 id="newver-h" style={{ marginTop: 0 }}>
              Upload a new version
            </h2>
            <UploadForm courseId={d.course.id} name={d.name} />
          </section>
        )}
      </>
    )
  })
}

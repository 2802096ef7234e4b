import Link from 'next/link'
import { db } from '@/lib/db'
import { itemDataForEdit } from '@/lib/server/instructor/datasets'
import { currentActor } from '@/lib/server/session'
import { ShowUserError } from '../../../../_components/ShowUserError'
import { ActionForm, FieldError } from '../../../_components/ActionForm'
import { attachDatasetAction, detachDatasetAction } from '../../../datasets/actions'

export const metadata = { title: 'Question data' }
export const dynamic = 'force-dynamic'

export default async function ItemDataPage({ params, searchParams }: { params: Promise<{ itemId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { itemId } = await params
  const sp = await searchParams
  return ShowUserError(async () => {
    const p = await itemDataForEdit(db(), await currentActor(), itemId)
    const versions = p.datasets.flatMap((d) => d.versions.map((v) => ({ ...v, datasetId: d.id, name: d.name })))
    const asked = typeof sp.version === 'string' ? versions.find((v) => v.id === sp.version) : undefined
    const chosen = asked ?? versions.find((v) => v.id === p.current?.versionId) ?? versions[0]
    const same = chosen && p.current?.versionId === chosen.id ? p.current.columns : null
    const q = `question ${p.item.position}`
    return (
      <>
        <p className="small">
          <Link href={`/instructor/courses/${p.item.courseId}`}>{p.item.courseTitle}</Link> › <Link href={`/instructor/assignments/${p.item.assignmentId}`}>{p.item.assignmentTitle}</Link> › Q
          {p.item.position} › Data
        </p>
        <h1>
          Data for Q{p.item.position}: {p.template.title}
        </h1>
        {p.features === null ? (
          <p className="alert">This question makes its own data; it cannot use a dataset.</p>
        ) : (
          <>
            <p data-testid="item-data-now">
              Now:{' '}
              {p.current ? (
                <>
                  <Link href={`/instructor/datasets/${p.current.datasetId}?version=${p.current.version}`}>
                    {p.current.name}, version {p.current.version}
                  </Link>
                  {p.current.columns &&
                    `: features ${p.current.columns.features.join(', ')}, response ${p.current.columns.y}, ${p.current.columns.sampleSize === null ? 'every row' : `${p.current.columns.sampleSize} rows per student`}.`}
                </>
              ) : (
                'data drawn by the template.'
              )}{' '}
              {p.variants > 0 && `Students already have ${p.variants} variant${p.variants === 1 ? '' : 's'} of this question: they keep their data; a change applies to new variants.`}
            </p>
            {versions.length === 0 ? (
              <p>
                This course has no dataset yet. <Link href={`/instructor/courses/${p.item.courseId}/datasets`}>Upload one on the Datasets page</Link>.
              </p>
            ) : (
              <>
                <section className="card" aria-labelledby="pick-h">
                  <h2 id="pick-h" style={{ marginTop: 0 }}>
                    1. Dataset
                  </h2>
                  <form method="get" aria-label="Choose a dataset version">
                    <label htmlFor="version">Dataset and version</label>
                    <div className="row">
                      <select id="version" name="version" defaultValue={chosen?.id}>
                        {versions.map((v) => (
                          <option key={v.id} value={v.id}>
                            {v.name}, version {v.version} ({v.rowCount} rows)
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="secondary">
                        Show its columns
                      </button>
                    </div>
                  </form>
                  <p className="small">
                    <Link href={`/instructor/courses/${p.item.courseId}/datasets`}>Upload or look at datasets</Link>
                  </p>
                </section>
                {chosen && (
                  <section className="card" aria-labelledby="cols-h">
                    <h2 id="cols-h" style={{ marginTop: 0 }}>
                      2. Columns of {chosen.name}, version {chosen.version}
                    </h2>
                    <ActionForm action={attachDatasetAction} label={`Use this dataset in ${q}`}>
                      <input type="hidden" name="itemId" value={p.item.id} />
                      <input type="hidden" name="versionId" value={chosen.id} />
                      <fieldset aria-describedby="features-hint">
                        <legend>
                          Feature column{p.features === 1 ? '' : 's'} ({p.features === 1 ? 'x: pick one' : `pick ${p.features}, in order`})
                        </legend>
                        <p className="small muted" id="features-hint">
                          {p.features === 1 ? 'The question’s x.' : `The question’s x₁ … x${p.features === 2 ? '₂' : '₃'}, in the order of the columns.`}
                        </p>
                        {chosen.columns.map((c, j) => (
                          <div key={c}>
                            <input
                              id={`feature-${j}`}
                              type={p.features === 1 ? 'radio' : 'checkbox'}
                              name="features"
                              value={c}
                              defaultChecked={same ? same.features.includes(c) : p.features === 1 ? j === 0 : j < p.features!}
                            />{' '}
                            <label htmlFor={`feature-${j}`} style={{ display: 'inline' }}>
                              {c}
                            </label>
                          </div>
                        ))}
                        <FieldError name="features" />
                      </fieldset>
                      <fieldset>
                        <legend>Response column (y)</legend>
                        {chosen.columns.map((c, j) => (
                          <div key={c}>
                            <input id={`y-${j}`} type="radio" name="y" value={c} defaultChecked={same ? same.y === c : j === chosen.columns.length - 1} />{' '}
                            <label htmlFor={`y-${j}`} style={{ display: 'inline' }}>
                              {c}
                            </label>
                          </div>
                        ))}
                        <FieldError name="y" />
                      </fieldset>
                      <label htmlFor="sampleSize">Rows per student</label>
                      <input
                        id="sampleSize"
                        name="sampleSize"
                        type="text"
                        inputMode="numeric"
                        style={{ width: 120 }}
                        defaultValue={same ? (same.sampleSize ?? '') : Math.min(8, chosen.rowCount)}
                        aria-describedby="sampleSize-hint"
                      />
                      <p className="small muted" id="sampleSize-hint">
                        Each student gets this many rows drawn at random from the {chosen.rowCount} (from {p.sample.min} to {p.sample.max}); leave it empty for every row
                        {chosen.rowCount > p.sample.max ? ` (not possible here: more than ${p.sample.max} rows)` : ''}.
                      </p>
                      <FieldError name="sampleSize" />
                      <p>
                        <button type="submit">Use these columns in {q}</button>
                      </p>
                    </ActionForm>
                  </section>
                )}
              </>
            )}
            {p.current && (
              <ActionForm action={detachDatasetAction} label={`Stop using a dataset in ${q}`}>
                <input type="hidden" name="itemId" value={p.item.id} />
                <button type="submit" className="secondary">
                  Go back to data drawn by the template
                </button>
              </ActionForm>
            )}
          </>
        )}
      </>
    )
  })
}

import { DATASET_LIMITS } from '@/lib/datasets/csv'
import { ActionForm, FieldError } from '../_components/ActionForm'
import { uploadDatasetAction } from './actions'

/** Upload a CSV: a new dataset, or (with `name` fixed) the next version of one. */
export function UploadForm({ courseId, name }: { courseId: string; name?: string }) {
  return (
    <ActionForm action={uploadDatasetAction} label={name ? `Upload a new version of ${name}` : 'Upload a dataset'}>
      <input type="hidden" name="courseId" value={courseId} />
      {name ? (
        <input type="hidden" name="name" value={name} />
      ) : (
        <>
          <label htmlFor="ds-name">Name</label>
          <input id="ds-name" name="name" type="text" required maxLength={80} aria-describedby="ds-name-hint" />
          <p className="small muted" id="ds-name-hint">
            Uploading again under the same name adds a new version; questions keep the version they use.
          </p>
          <FieldError name="name" />
        </>
      )}
      <label htmlFor="ds-source">Source (where the data come from, optional)</label>
      <input id="ds-source" name="source" type="text" maxLength={500} />
      <FieldError name="source" />
      <label htmlFor="ds-file">CSV file</label>
      <input id="ds-file" name="file" type="file" accept=".csv,text/csv" required aria-describedby="ds-file-hint" />
      <p className="small muted" id="ds-file-hint">
        A header row of column names, then one row per observation; every cell a number. At most {Math.round(DATASET_LIMITS.maxBytes / 1024)} KB, {DATASET_LIMITS.maxRows} rows
        and {DATASET_LIMITS.maxColumns} columns.
      </p>
      <FieldError name="file" />
      <p>
        <button type="submit">{name ? 'Upload new version' : 'Upload dataset'}</button>
      </p>
    </ActionForm>
  )
}

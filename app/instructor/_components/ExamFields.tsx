'use client'

/**
 * The builder's exam settings: kind (homework or exam), time limit, access code, navigation, per-question checking
 * and the review matrix (what students see right after submitting, after the exam closes, after release).
 */
import { FLAG_LABELS, MOMENT_LABELS, REVIEW_FLAGS, REVIEW_MOMENTS, type ReviewOptions } from '@/lib/server/exams/review'

export interface ExamFormState {
  timeLimitMinutes: string
  accessCode: string
  oneAtATime: boolean
  perQuestionCheck: boolean
  review: ReviewOptions
}

export function ExamFields({
  exam,
  onChange,
  errors,
  defaults,
}: {
  exam: ExamFormState | null
  onChange: (e: ExamFormState | null) => void
  errors: Record<string, string>
  defaults: ExamFormState
}) {
  const err = (name: string) =>
    errors[name] ? (
      <p className="field-error" role="alert">
        {errors[name]}
      </p>
    ) : null
  return (
    <fieldset style={{ marginTop: 12 }}>
      <legend>Kind of assessment</legend>
      <label>
        <input type="radio" name="kind" checked={!exam} onChange={() => onChange(null)} /> Homework: graded at once, several attempts
      </label>
      <label>
        <input type="radio" name="kind" checked={!!exam} onChange={() => onChange(exam ?? defaults)} /> Exam: timed, submitted as a whole, grades shown as set below
      </label>
      {exam && (
        <>
          <div className="grid2">
            <div>
              <label htmlFor="timeLimitMinutes">Time limit (minutes)</label>
              <input
                id="timeLimitMinutes"
                type="number"
                min={1}
                step="any"
                value={exam.timeLimitMinutes}
                onChange={(e) => onChange({ ...exam, timeLimitMinutes: e.target.value })}
                aria-invalid={!!errors['exam.timeLimitMinutes']}
              />
              {err('exam.timeLimitMinutes')}
            </div>
            <div>
              <label htmlFor="accessCode">Access code to start (optional)</label>
              <input id="accessCode" type="text" autoComplete="off" value={exam.accessCode} onChange={(e) => onChange({ ...exam, accessCode: e.target.value })} />
              {err('exam.accessCode')}
            </div>
          </div>
          <label>
            <input type="checkbox" checked={exam.oneAtATime} onChange={(e) => onChange({ ...exam, oneAtATime: e.target.checked })} /> One question at a time
          </label>
          <label>
            <input type="checkbox" checked={exam.perQuestionCheck} onChange={(e) => onChange({ ...exam, perQuestionCheck: e.target.checked })} /> Let students check each
            question during the exam (each check is an attempt)
          </label>
          <div className="table-wrap">
            <table>
              <caption className="small muted" style={{ textAlign: 'left' }}>
                What students see of their graded exam
              </caption>
              <thead>
                <tr>
                  <th scope="col">Shown</th>
                  {REVIEW_MOMENTS.map((m) => (
                    <th scope="col" key={m} style={{ textAlign: 'center' }}>
                      {MOMENT_LABELS[m]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {REVIEW_FLAGS.map((f) => (
                  <tr key={f}>
                    <th scope="row">{FLAG_LABELS[f]}</th>
                    {REVIEW_MOMENTS.map((m) => (
                      <td key={m} style={{ textAlign: 'center' }}>
                        <input
                          type="checkbox"
                          aria-label={`${FLAG_LABELS[f]}: ${MOMENT_LABELS[m].toLowerCase()}`}
                          checked={exam.review[m][f]}
                          onChange={(e) => onChange({ ...exam, review: { ...exam.review, [m]: { ...exam.review[m], [f]: e.target.checked } } })}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted small">Scores you have not released are shown to staff only. Release them from the assignment page.</p>
        </>
      )}
    </fieldset>
  )
}

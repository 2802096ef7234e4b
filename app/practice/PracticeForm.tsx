'use client'

import { useActionState, useEffect, useRef } from 'react'
import { AnswerFields, arrayPartIds, type ClientPart } from '../_components/AnswerFields'
import { MathText } from '../_components/MathText'
import { Derivation, ScoreBadge } from '../_components/QuestionParts'
import { gradePracticeAction, type PracticeState } from './actions'

type PartResult = NonNullable<PracticeState['result']>['parts'][number]

function PartBadge({ grade }: { grade: PartResult['grade'] }) {
  if (!grade) return null
  const cls = grade.correct ? 'ok' : grade.score > 0 ? 'part' : 'bad'
  const text = grade.correct ? (grade.carriedForward ? 'correct (carried forward)' : 'correct') : grade.score > 0 ? `partial, ${Math.round(grade.score * 100)}%` : 'incorrect'
  return <span className={`badge ${cls}`}>{text}</span>
}

/** The practice answer form, then (once checked) the feedback per part and the worked derivation. Nothing is stored. */
export function PracticeForm({ templateId, seed, parts, target }: { templateId: string; seed: string; parts: ClientPart[]; target?: string }) {
  const [state, action, pending] = useActionState<PracticeState, FormData>(gradePracticeAction, {})
  const resultHeading = useRef<HTMLHeadingElement>(null)
  const result = state.result
  // Keyboard and screen-reader users land on the result when it arrives.
  useEffect(() => {
    if (state.round && state.result) resultHeading.current?.focus()
  }, [state.round, state.result])
  return (
    <>
      <section className="card" aria-labelledby="a-heading">
        <h2 id="a-heading" style={{ marginTop: 0 }}>
          Your answer
        </h2>
        <form action={action} aria-label="Your answers">
          <input type="hidden" name="templateId" value={templateId} />
          <input type="hidden" name="seed" value={seed} />
          <input type="hidden" name="arrayParts" value={arrayPartIds(parts).join(',')} />
          {target && <input type="hidden" name="target" value={target} />}
          {state.message && (
            <div className="alert error" role="alert">
              {state.message}
            </div>
          )}
          <AnswerFields parts={parts} fieldErrors={state.fieldErrors ?? {}} values={state.values ?? {}} />
          <p>
            <button type="submit" disabled={pending}>
              {pending ? 'Checking…' : 'Check answer'}
            </button>
          </p>
        </form>
        <p className="muted small">
          Answers may be decimals (2.5), fractions (12/7), scientific notation (1.2e-3) or simple expressions ((3+4)/2). Practice is not graded: you can check as often as you
          like. Your first check of each practice question counts toward your skill levels (<a href="/skills">My skills</a>, where you can also reset it).
        </p>
      </section>
      {result && (
        <>
          <section className="card" aria-labelledby="result-heading" data-practice-result>
            <h2 id="result-heading" ref={resultHeading} tabIndex={-1} style={{ marginTop: 0 }}>
              Result: <ScoreBadge score={result.score} />
            </h2>
            {result.parts.map((p, i) => (
              <div className="part" key={p.id} data-part={p.id}>
                <p>
                  <strong>Part {i + 1}</strong> <PartBadge grade={p.grade} />
                </p>
                <MathText text={p.prompt} />
                <p>
                  Your answer: {p.given.math ? <MathText as="span" text={p.given.text} /> : <code>{p.given.text}</code>}
                </p>
                {p.mistake && (
                  <p className="alert error" data-diagnosis>
                    <strong>Diagnosed mistake:</strong> <MathText as="span" text={p.mistake} />
                  </p>
                )}
                {p.grade && <MathText text={p.grade.feedback} />}
              </div>
            ))}
          </section>
          {result.contrasts && result.contrasts.length > 0 && (
            <section className="card" aria-labelledby="contrast-heading" data-contrast>
              <h2 id="contrast-heading" style={{ marginTop: 0 }}>
                The right method and the mistaken one, with these numbers
              </h2>
              {result.contrasts.map((c) => (
                <div className="part" key={c.misconceptionId} data-contrast-for={c.misconceptionId}>
                  <p>
                    <strong>
                      Part {c.partNumber}: <MathText as="span" text={c.label} />
                    </strong>
                  </p>
                  <ul>
                    <li>
                      Right method: <MathText as="span" text={c.right} />
                    </li>
                    <li>
                      This mistake: <MathText as="span" text={c.mistaken} />
                    </li>
                  </ul>
                  <MathText text={c.why} />
                </div>
              ))}
            </section>
          )}
          <section aria-labelledby="deriv-heading">
            <h2 id="deriv-heading">Worked derivation with your numbers</h2>
            <Derivation steps={result.derivation} />
          </section>
        </>
      )}
    </>
  )
}

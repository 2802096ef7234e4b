'use client'

/**
 * The answer inputs of a question, one block per part: number fields with a live "Interpreted as" preview
 * (read and rendered on the server by GET /api/answers/preview, so neither mathjs nor KaTeX ships here),
 * choices, sparsity ticks, vectors and orderings. Used by the assignment form and the practice form; field
 * names are `answer.<partId>` (several values for the parts listed by `arrayPartIds`).
 */
import { useEffect, useState } from 'react'
import type { AnswerKind } from '@/lib/questions/types'
import type { AnswerPreview } from '@/lib/server/answers'
import { fmtPoints } from './format'

export interface ClientPart {
  id: string
  promptHtml: string
  labelHtml?: string
  /** The part's label in plain words (math turned into symbols), naming the input for screen readers. */
  ariaLabel?: string
  /** Vector component labels and order slots in plain words, for screen readers. */
  labelsPlain?: string[]
  slotLabels?: string[]
  /** This part's points in the question, when it is graded for points. */
  points?: number
  answer: AnswerKind
  /** Pre-rendered option labels for choice parts, by option id. */
  optionHtml?: Record<string, string>
  /** Pre-rendered labels for sparsity / vector / order parts. */
  labelsHtml?: string[]
}

export const isArrayKind = (k: AnswerKind) => (k.type === 'choice' && !!k.multiple) || k.type === 'sparsity' || k.type === 'vector' || k.type === 'order'

export function Html({ html, as = 'span' }: { html: string; as?: 'span' | 'div' }) {
  const Tag = as
  // biome-ignore lint/security/noDangerouslySetInnerHtml: HTML rendered on the server by renderMathText / KaTeX
  return <Tag dangerouslySetInnerHTML={{ __html: html }} />
}

/** Waits this long after the last keystroke before asking the server how the input reads. */
const PREVIEW_DELAY_MS = 120

function Interpreted({ text, allowUndefined, id }: { text: string; allowUndefined?: boolean; id: string }) {
  const [preview, setPreview] = useState<{ text: string; result: AnswerPreview } | null>(null)
  useEffect(() => {
    if (!text.trim()) return
    const abort = new AbortController()
    const timer = setTimeout(() => {
      const query = new URLSearchParams(allowUndefined ? { text, undefined: '1' } : { text })
      fetch(`/api/answers/preview?${query}`, { signal: abort.signal })
        .then((r) => r.json())
        .then((result: AnswerPreview) => {
          if (typeof result?.ok === 'boolean') setPreview({ text, result })
        })
        // No preview when offline or signed out: the answer is still read and checked on submission.
        .catch(() => {})
    }, PREVIEW_DELAY_MS)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [text, allowUndefined])
  // Only the reading of the text as it is now: never a stale one while the next is on its way.
  const r = text.trim() && preview?.text === text ? preview.result : null
  return (
    <div className="interpreted" id={id} aria-live="polite">
      {r?.ok === true && (
        <>
          Interpreted as{' '}
          {/* biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output rendered on the server from the parsed expression */}
          <span dangerouslySetInnerHTML={{ __html: r.html }} />
        </>
      )}
      {r?.ok === false && <span className="field-error">{r.message}</span>}
    </div>
  )
}

function NumberInput({ name, id, label, allowUndefined, initial, describedBy }: { name: string; id: string; label: string; allowUndefined?: boolean; initial?: string; describedBy?: string }) {
  const [text, setText] = useState(initial ?? '')
  return (
    <>
      <input
        id={id}
        name={name}
        type="text"
        inputMode="text"
        autoComplete="off"
        spellCheck={false}
        aria-label={label}
        aria-describedby={`${id}-interp ${describedBy ?? ''}`.trim()}
        value={text}
        onChange={(e) => setText(e.target.value)}
        placeholder={allowUndefined ? 'a number, a fraction like 12/7, or "undefined"' : 'a number, a fraction like 12/7, or 3.2e-2'}
      />
      <Interpreted text={text} allowUndefined={allowUndefined} id={`${id}-interp`} />
    </>
  )
}

/** Ids of the parts whose answer is a list (checkboxes, vectors, orders): the server reads all their values. */
export function arrayPartIds(parts: ClientPart[]): string[] {
  return parts.filter((p) => isArrayKind(p.answer)).map((p) => p.id)
}

export function AnswerFields({ parts, fieldErrors: fe, values }: { parts: ClientPart[]; fieldErrors: Record<string, string>; values: Record<string, string | string[]> }) {
  return (
    <>
      {parts.map((p, idx) => {
        const name = `answer.${p.id}`
        const id = `part-${p.id}`
        const err = fe[p.id] ?? fe[`answers.${p.id}`]
        const prev = values[p.id]
        const errId = `${id}-err`
        return (
          <div className="part" key={p.id}>
            <div id={`${id}-prompt`}>
              <strong>Part {idx + 1}.</strong>
              {p.points !== undefined && <span className="muted small"> ({fmtPoints(p.points)} point{p.points === 1 ? '' : 's'})</span>} <Html html={p.promptHtml} as="div" />
            </div>
            {p.answer.type === 'number' && (
              <>
                <label htmlFor={id}>{p.labelHtml ? <Html html={p.labelHtml} /> : 'Your answer'}</label>
                <NumberInput name={name} id={id} label={p.ariaLabel ? `Answer to part ${idx + 1} (${p.ariaLabel})` : `Answer to part ${idx + 1}`} allowUndefined={p.answer.allowUndefined} initial={typeof prev === 'string' ? prev : ''} describedBy={err ? errId : undefined} />
              </>
            )}
            {p.answer.type === 'choice' && (
              <fieldset aria-describedby={err ? errId : undefined}>
                <legend className="small muted">{p.answer.multiple ? 'Select all that apply' : 'Choose one'}</legend>
                {p.answer.options.map((o) => (
                  <label key={o.id}>
                    <input type={p.answer.type === 'choice' && p.answer.multiple ? 'checkbox' : 'radio'} name={name} value={o.id} defaultChecked={Array.isArray(prev) ? prev.includes(o.id) : prev === o.id} />
                    <Html html={p.optionHtml?.[o.id] ?? o.label} />
                  </label>
                ))}
              </fieldset>
            )}
            {p.answer.type === 'sparsity' && (
              <fieldset aria-describedby={err ? errId : undefined}>
                <legend className="small muted">Tick every coefficient that is exactly zero (tick none if none is)</legend>
                {p.answer.labels.map((l, i) => (
                  <label key={l}>
                    <input type="checkbox" name={name} value={l} defaultChecked={Array.isArray(prev) && prev.includes(l)} />
                    <Html html={p.labelsHtml?.[i] ?? l} />
                  </label>
                ))}
              </fieldset>
            )}
            {p.answer.type === 'vector' && (
              <fieldset aria-describedby={err ? errId : undefined}>
                <legend className="small muted">One number per component</legend>
                {p.answer.labels.map((l, i) => (
                  <div key={l}>
                    <label htmlFor={`${id}-${i}`}>
                      <Html html={p.labelsHtml?.[i] ?? l} />
                    </label>
                    <NumberInput name={name} id={`${id}-${i}`} label={`Component ${p.labelsPlain?.[i] ?? l}`} initial={Array.isArray(prev) ? String(prev[i] ?? '') : ''} />
                  </div>
                ))}
              </fieldset>
            )}
            {p.answer.type === 'order' && (
              <fieldset aria-describedby={err ? errId : undefined}>
                <legend className="small muted">Choose which comes 1st, 2nd, …</legend>
                {p.answer.labels.map((_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: one slot per position (1st, 2nd, …), fixed in number
                  <div key={`pos-${i}`} className="row">
                    <label htmlFor={`${id}-${i}`} style={{ margin: 0, minWidth: 60 }}>
                      {i + 1}.
                    </label>
                    <select id={`${id}-${i}`} name={name} aria-label={p.slotLabels?.[i]} defaultValue={Array.isArray(prev) ? String(prev[i] ?? '') : ''} style={{ maxWidth: 200 }}>
                      <option value="">choose…</option>
                      {p.answer.type === 'order' &&
                        p.answer.labels.map((l) => (
                          <option key={l} value={l}>
                            {l}
                          </option>
                        ))}
                    </select>
                  </div>
                ))}
              </fieldset>
            )}
            {err && (
              <p className="field-error" id={errId} role="alert">
                {err}
              </p>
            )}
          </div>
        )
      })}
    </>
  )
}

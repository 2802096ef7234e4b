'use client'

import { useEffect, useRef, useState, useTransition } from 'react'
import type { ChangeNote, ParamField } from '@/lib/server/instructor/assignments'
import { DEFAULT_REVIEW, type ReviewOptions } from '@/lib/server/exams/review'
import { type SampleState, sampleAction, saveAssignmentAction } from '../assignments/actions'
import { ExamFields, type ExamFormState } from './ExamFields'

export interface CatalogEntry {
  id: string
  title: string
  description: string
  topic: string
  fields: ParamField[]
  defaults: Record<string, unknown>
  mistakes: { id: string; labelHtml: string }[]
  sampleHtml: string | null
  sampleError: string | null
  /** The question can use a dataset of the instructor's. */
  takesData: boolean
}

export interface BuilderItem {
  id?: string
  templateId: string
  params: Record<string, unknown>
  points: number
  tolerance: { rel: number; abs: number } | null
  attempts: number
  /** The dataset version the saved question uses, if any. */
  dataset?: { datasetId: string; name: string; version: number } | null
}

export interface BuilderInitial {
  title: string
  description: string
  opensAt: string
  dueAt: string
  lateCutoffAt: string
  latePenaltyPerDay: number
  maxAttempts: number
  variantPolicy: 'SAME' | 'NEW_PER_ATTEMPT'
  retryPenalty: number
  derivationPolicy: 'AFTER_ATTEMPT' | 'AFTER_DUE'
  items: BuilderItem[]
  /** Null or absent: homework. */
  exam?: { timeLimitMinutes: number; accessCode: string | null; oneAtATime: boolean; perQuestionCheck: boolean; review: ReviewOptions } | null
}

const examDefaults: ExamFormState = { timeLimitMinutes: '60', accessCode: '', oneAtATime: false, perQuestionCheck: false, review: DEFAULT_REVIEW }

interface ItemState {
  key: string
  id?: string
  templateId: string
  params: Record<string, ParamValue>
  points: string
  tolRel: string
  tolAbs: string
  attempts: number
  dataset?: BuilderItem['dataset']
  sample?: SampleState & { seed: number; loading?: boolean }
}

let keyCounter = 0
const newKey = () => `item-${++keyCounter}`

/** A parameter as its form control holds it: text, a checkbox, or the chosen values of a set (as strings). */
type ParamValue = string | boolean | string[]

function paramsToState(fields: ParamField[], params: Record<string, unknown>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {}
  for (const f of fields) {
    const v = params[f.name] ?? f.default
    if (f.kind === 'boolean') out[f.name] = !!v
    else if (f.kind === 'set') out[f.name] = Array.isArray(v) ? v.map(String) : []
    else if (f.kind === 'numbers') out[f.name] = Array.isArray(v) ? v.map((x) => String(Math.round(Number(x) * 1e6) / 1e6)).join(', ') : ''
    else if (f.kind === 'json') out[f.name] = v === undefined ? '' : JSON.stringify(v)
    else out[f.name] = v === undefined || v === null ? '' : String(v)
  }
  return out
}

/** "1/3" or "0.25" → a number; anything else stays as typed, so the template's schema names it. */
function readNumber(s: string): number | string {
  const t = s.trim()
  const frac = /^(-?\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(t)
  if (frac && Number(frac[2]) !== 0) return Number(frac[1]) / Number(frac[2])
  return t !== '' && Number.isFinite(Number(t)) ? Number(t) : t
}

/** The field an error message under it is about: the control just before it, or the first of its group of checkboxes. */
function fieldOf(error: Element, form: HTMLFormElement): HTMLElement | null {
  const group = error.closest('fieldset[data-param]')
  const first = group && form.contains(group) ? group.querySelector<HTMLElement>('input, select, textarea') : null
  if (first) return first
  const controls = Array.from(form.querySelectorAll<HTMLElement>('input:not([type="hidden"]), select, textarea'))
  return controls.filter((c) => c.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING).at(-1) ?? null
}

/** Form values back to typed params; an unreadable value is sent as typed, so the template's schema names it. */
function stateToParams(fields: ParamField[], state: Record<string, ParamValue>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of fields) {
    const v = state[f.name]
    if (f.kind === 'boolean') out[f.name] = !!v
    else if (f.kind === 'set') {
      const chosen = Array.isArray(v) ? v : []
      out[f.name] = f.options.filter((o) => chosen.includes(String(o.value))).map((o) => o.value)
    } else if (typeof v !== 'string' || v.trim() === '') {
      if (f.kind === 'numbers') out[f.name] = []
    } else if (f.kind === 'number') out[f.name] = Number.isFinite(Number(v)) ? Number(v) : v
    else if (f.kind === 'numbers') out[f.name] = v.split(/[,;\s]+/).filter((x) => x !== '').map(readNumber)
    else if (f.kind === 'json') {
      try {
        out[f.name] = JSON.parse(v)
      } catch {
        out[f.name] = v
      }
    } else out[f.name] = v
  }
  return out
}

/** "(3 to 30)", "(between 0 and 1, exclusive)": the range a number field accepts. */
function rangeText(f: ParamField): string | null {
  if (f.kind === 'number' && (f.min !== undefined || f.max !== undefined)) return `${f.min ?? '…'} to ${f.max ?? '…'}`
  if (f.kind === 'numbers' && (f.min !== undefined || f.max !== undefined)) {
    const lo = f.min === undefined ? '' : `${f.exclusiveMin ? 'above' : 'from'} ${f.min}`
    const hi = f.max === undefined ? '' : `${f.exclusiveMax ? 'below' : 'up to'} ${f.max}`
    return `each ${[lo, hi].filter(Boolean).join(', ')}`
  }
  return null
}

const pct = (x: number) => String(Math.round(x * 10000) / 100)

const pad = (n: number) => String(n).padStart(2, '0')
/** A UTC "YYYY-MM-DDTHH:mm" (as the page is rendered) → the same instant as the viewer's wall time, for the input. */
export function utcInputToLocal(s: string): string {
  if (!s) return ''
  const d = new Date(`${s}Z`)
  if (Number.isNaN(d.getTime())) return s
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
/** The viewer's wall time from the input → an ISO instant (UTC) for the server; unreadable input is sent as typed. */
export function localInputToIso(s: string): string {
  if (!s.trim()) return ''
  const d = new Date(s)
  return Number.isNaN(d.getTime()) ? s : d.toISOString()
}

export function AssignmentBuilder({
  courseId,
  assignmentId,
  deepLinkId,
  catalog,
  initial,
}: {
  courseId: string
  assignmentId?: string
  /** A new assignment for an LMS content selection: saving leads back to it. */
  deepLinkId?: string
  catalog: CatalogEntry[]
  initial: BuilderInitial
}) {
  const byId = new Map(catalog.map((t) => [t.id, t]))
  const [form, setForm] = useState({
    title: initial.title,
    description: initial.description,
    opensAt: initial.opensAt,
    dueAt: initial.dueAt,
    lateCutoffAt: initial.lateCutoffAt,
    latePenaltyPerDay: pct(initial.latePenaltyPerDay),
    maxAttempts: String(initial.maxAttempts),
    variantPolicy: initial.variantPolicy,
    retryPenalty: pct(initial.retryPenalty),
    derivationPolicy: initial.derivationPolicy,
  })
  const [items, setItems] = useState<ItemState[]>(() =>
    initial.items.map((i) => ({
      key: newKey(),
      id: i.id,
      templateId: i.templateId,
      params: paramsToState(byId.get(i.templateId)?.fields ?? [], i.params),
      points: String(i.points),
      tolRel: i.tolerance ? String(i.tolerance.rel) : '',
      tolAbs: i.tolerance ? String(i.tolerance.abs) : '',
      dataset: i.dataset ?? null,
      attempts: i.attempts,
    })),
  )
  const [exam, setExam] = useState<ExamFormState | null>(
    initial.exam ? { ...initial.exam, timeLimitMinutes: String(initial.exam.timeLimitMinutes), accessCode: initial.exam.accessCode ?? '' } : null,
  )
  // Dates are typed in the viewer's own time zone: the page arrives with UTC values, shown in local time once the
  // browser knows its zone, and sent back as UTC instants.
  const [zone, setZone] = useState<string | null>(null)
  const converted = useRef(false)
  useEffect(() => {
    if (converted.current) return
    converted.current = true
    setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time')
    setForm((f) => ({ ...f, opensAt: utcInputToLocal(f.opensAt), dueAt: utcInputToLocal(f.dueAt), lateCutoffAt: utcInputToLocal(f.lateCutoffAt) }))
  }, [])
  const dateOut = (s: string) => (zone ? localInputToIso(s) : s)
  const zoneText = zone ?? 'UTC'
  const [result, setResult] = useState<{ message?: string; fieldErrors?: Record<string, string>; changes?: ChangeNote[] }>({})
  const [pending, startTransition] = useTransition()
  const errors = result.fieldErrors ?? {}
  const err = (name: string) =>
    errors[name] ? (
      <p className="field-error" id={`${name}-error`} role="alert">
        {errors[name]}
      </p>
    ) : null

  /** Editing a field drops its (now stale) error; the banner goes once no field error is left. */
  const clearError = (name: string) =>
    setResult((r) => {
      if (!r.fieldErrors?.[name]) return r
      const { [name]: _gone, ...rest } = r.fieldErrors
      return Object.keys(rest).length ? { ...r, fieldErrors: rest } : r.changes ? { ...r, fieldErrors: rest } : {}
    })
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => {
    clearError(k)
    setForm((f) => ({ ...f, [k]: e.target.value }))
  }
  const updateItem = (key: string, patch: Partial<ItemState>) => setItems((list) => list.map((i) => (i.key === key ? { ...i, ...patch } : i)))
  const move = (index: number, by: number) =>
    setItems((list) => {
      const next = [...list]
      const [it] = next.splice(index, 1)
      next.splice(Math.max(0, Math.min(next.length, index + by)), 0, it)
      return next
    })
  const add = (t: CatalogEntry) => setItems((list) => [...list, { key: newKey(), templateId: t.id, params: paramsToState(t.fields, t.defaults), points: '10', tolRel: '', tolAbs: '', attempts: 0 }])

  function payload() {
    const num = (s: string) => (s.trim() === '' ? undefined : Number.isFinite(Number(s)) ? Number(s) : s)
    const frac = (s: string) => (s.trim() === '' ? 0 : Number.isFinite(Number(s)) ? Number(s) / 100 : s)
    return {
      title: form.title,
      description: form.description,
      opensAt: dateOut(form.opensAt),
      dueAt: dateOut(form.dueAt),
      lateCutoffAt: dateOut(form.lateCutoffAt),
      latePenaltyPerDay: frac(form.latePenaltyPerDay),
      maxAttempts: num(form.maxAttempts),
      variantPolicy: form.variantPolicy,
      retryPenalty: frac(form.retryPenalty),
      derivationPolicy: form.derivationPolicy,
      exam: exam && { ...exam, timeLimitMinutes: num(exam.timeLimitMinutes) },
      items: items.map((i) => ({
        id: i.id,
        templateId: i.templateId,
        params: stateToParams(byId.get(i.templateId)?.fields ?? [], i.params),
        points: num(i.points),
        tolerance: i.tolRel.trim() === '' && i.tolAbs.trim() === '' ? null : { rel: num(i.tolRel) ?? 0, abs: num(i.tolAbs) ?? 0 },
      })),
    }
  }

  function save(confirm: boolean) {
    startTransition(async () => {
      const r = await saveAssignmentAction({ courseId, assignmentId, deepLinkId, assignment: payload(), confirm })
      if (r) setResult(r)
      if (r?.fieldErrors && Object.keys(r.fieldErrors).length > 0) setRefused((n) => n + 1)
    })
  }

  // After a refused save, keyboard focus goes to the first field in error (its message is read with it).
  const formRef = useRef<HTMLFormElement>(null)
  const [refused, setRefused] = useState(0)
  useEffect(() => {
    const f = formRef.current
    const first = f?.querySelector('.field-error')
    if (refused > 0 && f && first) fieldOf(first, f)?.focus()
  }, [refused])

  function showSample(item: ItemState, seed: number) {
    updateItem(item.key, { sample: { ok: true, seed, loading: true, html: item.sample?.html } })
    startTransition(async () => {
      const r = await sampleAction({ courseId, templateId: item.templateId, params: stateToParams(byId.get(item.templateId)?.fields ?? [], item.params), seed })
      updateItem(item.key, { sample: { ...r, seed } })
    })
  }

  return (
    <div className="builder">
      <form
        ref={formRef}
        aria-label="Assignment"
        // The server checks every field and marks each wrong one at once (the browser would stop at the first).
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          save(false)
        }}
      >
        {result.message && (
          <div className={`alert ${result.changes ? 'warn' : 'error'}`} role="alert">
            {result.message}
            {result.changes && (
              <>
                <ul data-testid="edit-changes">
                  {result.changes.map((c) => (
                    <li key={c.text}>
                      {c.severity === 'destructive' && <strong>Deletes graded work: </strong>}
                      {c.severity === 'grades' && <strong>Changes grades: </strong>}
                      {c.text}
                    </li>
                  ))}
                </ul>
                <div className="row">
                  <button type="button" className={result.changes.some((c) => c.severity === 'destructive') ? 'danger' : ''} onClick={() => save(true)} disabled={pending}>
                    Save these changes
                  </button>
                  <button type="button" className="secondary" onClick={() => setResult({})}>
                    Keep editing
                  </button>
                </div>
              </>
            )}
          </div>
        )}
        <section className="card" aria-labelledby="b-details">
          <h2 id="b-details" style={{ marginTop: 0 }}>
            Details
          </h2>
          <label htmlFor="title">Title</label>
          <input id="title" type="text" value={form.title} onChange={set('title')} required maxLength={200} aria-invalid={!!errors.title} />
          {err('title')}
          <label htmlFor="description">Description for students (optional)</label>
          <textarea id="description" value={form.description} onChange={set('description')} rows={2} maxLength={5000} />
          {err('description')}
        </section>

        <section className="card" aria-labelledby="b-dates">
          <h2 id="b-dates" style={{ marginTop: 0 }}>
            Dates and policies
          </h2>
          <p className="muted small" data-testid="builder-zone">
            Times are in your time zone ({zoneText}); students see them in theirs.
          </p>
          <div className="grid2">
            <div>
              <label htmlFor="opensAt">Opens (optional)</label>
              <input id="opensAt" type="datetime-local" value={form.opensAt} onChange={set('opensAt')} />
              {err('opensAt')}
            </div>
            <div>
              <label htmlFor="dueAt">Due (optional)</label>
              <input id="dueAt" type="datetime-local" value={form.dueAt} onChange={set('dueAt')} aria-invalid={!!errors.dueAt} />
              {err('dueAt')}
            </div>
            <div>
              <label htmlFor="maxAttempts">Maximum attempts per question</label>
              <input id="maxAttempts" type="number" min={1} max={100} step={1} value={form.maxAttempts} onChange={set('maxAttempts')} aria-invalid={!!errors.maxAttempts} />
              {err('maxAttempts')}
            </div>
            <div>
              <label htmlFor="variantPolicy">Dataset on each attempt</label>
              <select id="variantPolicy" value={form.variantPolicy} onChange={set('variantPolicy')}>
                <option value="SAME">the same dataset for every attempt</option>
                <option value="NEW_PER_ATTEMPT">a new dataset for every attempt</option>
              </select>
            </div>
            <div>
              <label htmlFor="retryPenalty">Penalty per retry (% of the score, per attempt after the first)</label>
              <input id="retryPenalty" type="number" min={0} max={100} step="any" value={form.retryPenalty} onChange={set('retryPenalty')} aria-invalid={!!errors.retryPenalty} />
              {err('retryPenalty')}
            </div>
            <div>
              <label htmlFor="derivationPolicy">Show the worked derivation</label>
              <select id="derivationPolicy" value={form.derivationPolicy} onChange={set('derivationPolicy')}>
                <option value="AFTER_ATTEMPT">after each attempt (default)</option>
                <option value="AFTER_DUE">only after the due date (exams)</option>
              </select>
              {err('derivationPolicy')}
            </div>
          </div>
          <ExamFields exam={exam} onChange={setExam} errors={errors} defaults={examDefaults} />
          <fieldset style={{ marginTop: 12 }}>
            <legend>Late work</legend>
            <div className="grid2">
              <div>
                <label htmlFor="latePenaltyPerDay">Penalty per day late (% of the score; 0 for none)</label>
                <input id="latePenaltyPerDay" type="number" min={0} max={100} step="any" value={form.latePenaltyPerDay} onChange={set('latePenaltyPerDay')} aria-invalid={!!errors.latePenaltyPerDay} />
                {err('latePenaltyPerDay')}
              </div>
              <div>
                <label htmlFor="lateCutoffAt">No credit after (optional cutoff)</label>
                <input id="lateCutoffAt" type="datetime-local" value={form.lateCutoffAt} onChange={set('lateCutoffAt')} aria-invalid={!!errors.lateCutoffAt} />
                {err('lateCutoffAt')}
              </div>
            </div>
          </fieldset>
        </section>

        <section className="card" aria-labelledby="b-items">
          <h2 id="b-items" style={{ marginTop: 0 }}>
            Questions ({items.length})
          </h2>
          {err('items')}
          {items.length === 0 && <p className="muted">Add questions from the catalog below.</p>}
          <ol style={{ paddingLeft: 20 }}>
            {items.map((item, index) => {
              const t = byId.get(item.templateId)
              const p = `items.${index}`
              return (
                <li key={item.key} className="card" data-testid="builder-item" style={{ margin: '10px 0' }}>
                  <div className="row" style={{ justifyContent: 'space-between' }}>
                    <strong>{t?.title ?? item.templateId}</strong>
                    <span className="row" style={{ gap: 6 }}>
                      <button type="button" className="secondary" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move question ${index + 1} up`}>
                        ↑
                      </button>
                      <button type="button" className="secondary" onClick={() => move(index, 1)} disabled={index === items.length - 1} aria-label={`Move question ${index + 1} down`}>
                        ↓
                      </button>
                      <button
                        type="button"
                        className="secondary"
                        onClick={() => setItems((list) => list.filter((i) => i.key !== item.key))}
                        aria-label={`Remove question ${index + 1}`}
                      >
                        Remove
                      </button>
                    </span>
                  </div>
                  {item.attempts > 0 && <p className="small muted">{item.attempts} attempts so far: changes to this question are listed for confirmation before saving.</p>}
                  {err(`${p}.templateId`)}
                  {err(`${p}.id`)}
                  {t?.takesData && (
                    <p className="small" data-testid="builder-item-data">
                      {item.id ? (
                        <>
                          Data: {item.dataset ? `your dataset “${item.dataset.name}”, version ${item.dataset.version}` : 'drawn by the template'}.{' '}
                          <a href={`/instructor/items/${item.id}/data`}>Choose the data for question {index + 1}</a>
                        </>
                      ) : (
                        'This question can use a dataset of your own: save the assignment, then choose its data from the question list.'
                      )}
                    </p>
                  )}
                  <div className="grid2">
                    <div>
                      <label htmlFor={`${item.key}-points`}>Points</label>
                      <input id={`${item.key}-points`} type="number" min={0} max={1000} step="any" value={item.points} aria-invalid={!!errors[`${p}.points`]} onChange={(e) => {
                          clearError(`${p}.points`)
                          updateItem(item.key, { points: e.target.value })
                        }} />
                      {err(`${p}.points`)}
                    </div>
                    <div>
                      <span className="small" style={{ fontWeight: 600, display: 'block', margin: '10px 0 4px' }}>
                        Answer tolerance (empty: the template default)
                      </span>
                      <div className="row" style={{ gap: 6 }}>
                        <label htmlFor={`${item.key}-rel`} className="small" style={{ margin: 0 }}>
                          relative
                        </label>
                        <input id={`${item.key}-rel`} type="text" inputMode="decimal" style={{ width: 100 }} value={item.tolRel} onChange={(e) => {
                            clearError(`${p}.tolerance.rel`)
                            updateItem(item.key, { tolRel: e.target.value })
                          }} placeholder="0.001" />
                        <label htmlFor={`${item.key}-abs`} className="small" style={{ margin: 0 }}>
                          absolute
                        </label>
                        <input id={`${item.key}-abs`} type="text" inputMode="decimal" style={{ width: 100 }} value={item.tolAbs} onChange={(e) => {
                            clearError(`${p}.tolerance.abs`)
                            updateItem(item.key, { tolAbs: e.target.value })
                          }} placeholder="1e-6" />
                      </div>
                      {err(`${p}.tolerance.rel`)}
                      {err(`${p}.tolerance.abs`)}
                    </div>
                  </div>
                  {t && t.fields.length > 0 && (
                    <details open={Object.keys(errors).some((k) => k.startsWith(`${p}.params`))}>
                      <summary>Parameters</summary>
                      <div className="grid2">
                        {t.fields.map((f) => {
                          const id = `${item.key}-param-${f.name}`
                          const v = item.params[f.name]
                          const errorKey = `${p}.params.${f.name}`
                          const describedBy = `${id}-help${errors[errorKey] ? ` ${errorKey}-error` : ''}`
                          const setV = (value: ParamValue) => {
                            clearError(errorKey)
                            updateItem(item.key, { params: { ...item.params, [f.name]: value } })
                          }
                          const range = rangeText(f)
                          const help = (
                            <p className="muted small" id={`${id}-help`} style={{ margin: '2px 0 0' }}>
                              {f.help}
                              {range && ` (${range})`}
                            </p>
                          )
                          if (f.kind === 'set') {
                            const chosen = Array.isArray(v) ? v : []
                            return (
                              <fieldset key={f.name} aria-describedby={describedBy} aria-invalid={!!errors[errorKey]} data-param={f.name}>
                                <legend>{f.label}</legend>
                                {f.options.map((o) => {
                                  const value = String(o.value)
                                  return (
                                    <label key={value} style={{ display: 'flex', gap: 6, alignItems: 'center', fontWeight: 400, margin: '2px 0' }}>
                                      <input
                                        type="checkbox"
                                        checked={chosen.includes(value)}
                                        onChange={(e) => setV(e.target.checked ? [...chosen, value] : chosen.filter((x) => x !== value))}
                                      />
                                      {o.label}
                                    </label>
                                  )
                                })}
                                {help}
                                {err(errorKey)}
                              </fieldset>
                            )
                          }
                          if (f.kind === 'boolean') {
                            return (
                              <div key={f.name} data-param={f.name}>
                                <label htmlFor={id} style={{ display: 'flex', gap: 6, alignItems: 'center' }}>
                                  <input id={id} type="checkbox" checked={!!v} onChange={(e) => setV(e.target.checked)} aria-describedby={describedBy} />
                                  {f.label}
                                </label>
                                {help}
                                {err(errorKey)}
                              </div>
                            )
                          }
                          return (
                            <div key={f.name} data-param={f.name}>
                              <label htmlFor={id}>{f.label}</label>
                              {f.kind === 'enum' ? (
                                <select id={id} value={String(v)} onChange={(e) => setV(e.target.value)} aria-describedby={describedBy} aria-invalid={!!errors[errorKey]}>
                                  {f.options.map((o) => (
                                    <option key={o.value} value={o.value}>
                                      {o.label}
                                    </option>
                                  ))}
                                </select>
                              ) : (
                                <input
                                  id={id}
                                  type={f.kind === 'number' ? 'number' : 'text'}
                                  inputMode={f.kind === 'numbers' ? 'decimal' : undefined}
                                  step={f.kind === 'number' ? (f.integer ? 1 : 'any') : undefined}
                                  min={f.kind === 'number' ? f.min : undefined}
                                  max={f.kind === 'number' ? f.max : undefined}
                                  value={String(v ?? '')}
                                  onChange={(e) => setV(e.target.value)}
                                  aria-describedby={describedBy}
                                  aria-invalid={!!errors[errorKey]}
                                />
                              )}
                              {help}
                              {err(errorKey)}
                            </div>
                          )
                        })}
                      </div>
                    </details>
                  )}
                  <div className="row" style={{ marginTop: 8 }}>
                    <button type="button" className="secondary" onClick={() => showSample(item, item.sample?.seed ?? 1)}>
                      Sample with these parameters
                    </button>
                    {item.sample && (
                      <>
                        <button type="button" className="secondary" onClick={() => showSample(item, Math.max(1, item.sample!.seed - 1))} disabled={item.sample.seed <= 1} aria-label="Previous sample">
                          ‹
                        </button>
                        <span className="small">sample {item.sample.seed}</span>
                        <button type="button" className="secondary" onClick={() => showSample(item, item.sample!.seed + 1)} aria-label="Next sample">
                          ›
                        </button>
                      </>
                    )}
                  </div>
                  {item.sample && (
                    <div className="sample" aria-live="polite" style={{ borderLeft: '4px solid #d5dae1', paddingLeft: 12, marginTop: 8 }}>
                      {item.sample.loading && <p className="muted small">Generating…</p>}
                      {!item.sample.ok && <p className="field-error">{item.sample.message}</p>}
                      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: HTML rendered on the server from the template's math text (escaped) */}
                      {item.sample.ok && item.sample.html && <div dangerouslySetInnerHTML={{ __html: item.sample.html }} />}
                    </div>
                  )}
                </li>
              )
            })}
          </ol>
          <p className="row">
            <button type="submit" disabled={pending}>
              {pending ? 'Saving…' : assignmentId ? 'Save changes' : 'Create assignment'}
            </button>
          </p>
        </section>
      </form>

      <section aria-labelledby="b-catalog">
        <h2 id="b-catalog">Question catalog</h2>
        <p className="muted small">Each template draws a fresh dataset per student. The sample beside it uses the default parameters.</p>
        {catalog.map((t) => (
          <article key={t.id} className="card grid2" data-testid={`catalog-${t.id}`} aria-labelledby={`cat-${t.id}`}>
            <div>
              <h3 id={`cat-${t.id}`} style={{ marginTop: 0 }}>
                {t.title} <span className="badge neutral">{t.topic}</span>
              </h3>
              <p>{t.description}</p>
              {t.mistakes.length > 0 && (
                <details>
                  <summary className="small">Mistakes it recognizes ({t.mistakes.length})</summary>
                  <ul className="small">
                    {t.mistakes.map((m) => (
                      // biome-ignore lint/security/noDangerouslySetInnerHtml: rendered on the server by renderMathText (escaped text, KaTeX)
                      <li key={m.id} dangerouslySetInnerHTML={{ __html: m.labelHtml }} />
                    ))}
                  </ul>
                </details>
              )}
              <button type="button" onClick={() => add(t)} aria-label={`Add “${t.title}”`}>
                Add
              </button>
            </div>
            {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling box must be reachable by keyboard to scroll it */}
            <section aria-label={`Sample variant of “${t.title}”`} tabIndex={0} style={{ maxHeight: 340, overflow: 'auto', fontSize: '.92rem', borderLeft: '4px solid #d5dae1', paddingLeft: 12 }}>
              <p className="muted small" style={{ marginTop: 0 }}>
                Sample variant
              </p>
              {/* biome-ignore lint/security/noDangerouslySetInnerHtml: HTML rendered on the server from the template's math text (escaped) */}
              {t.sampleHtml ? <div dangerouslySetInnerHTML={{ __html: t.sampleHtml }} /> : <p className="field-error">{t.sampleError}</p>}
            </section>
          </article>
        ))}
      </section>
    </div>
  )
}

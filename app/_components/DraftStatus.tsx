'use client'

/**
 * Saves the answers of the form `formId` as a draft while the student types (debounced, one save in flight at a
 * time, always the latest input), and says so: "Saving…", "Saved 14:03:12", or an offline warning. Never an
 * attempt. A save still pending when the page is left is sent with `keepalive`.
 */
import { useEffect, useRef, useState } from 'react'

type Status = { kind: 'idle' | 'saving' | 'saved' | 'offline' | 'closed' | 'error'; at?: Date; message?: string }

function collect(form: HTMLFormElement): Record<string, string | string[]> {
  const data = new FormData(form)
  const arrayParts = new Set(String(data.get('arrayParts') ?? '').split(',').filter(Boolean))
  const out: Record<string, string | string[]> = {}
  for (const key of new Set(data.keys())) {
    if (!key.startsWith('answer.')) continue
    const part = key.slice('answer.'.length)
    const all = data.getAll(key).map(String)
    out[part] = arrayParts.has(part) ? all : (all[0] ?? '')
  }
  for (const p of arrayParts) out[p] ??= []
  return out
}

export function DraftStatus({ formId, itemId, variantId, savedAt, debounceMs = 700 }: { formId: string; itemId: string; variantId: string; savedAt?: string | null; debounceMs?: number }) {
  const [status, setStatus] = useState<Status>(savedAt ? { kind: 'saved', at: new Date(savedAt) } : { kind: 'idle' })
  const state = useRef({ dirty: false, inFlight: false, timer: 0 as unknown as ReturnType<typeof setTimeout> | 0, retry: 0 as unknown as ReturnType<typeof setTimeout> | 0 })

  useEffect(() => {
    const form = document.getElementById(formId) as HTMLFormElement | null
    if (!form) return
    const s = state.current
    const url = `/api/items/${encodeURIComponent(itemId)}/draft`

    async function save(keepalive = false) {
      if (!form || s.inFlight || !s.dirty) return
      s.dirty = false
      s.inFlight = true
      setStatus({ kind: 'saving' })
      try {
        const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ variantId, answers: collect(form) }), keepalive })
        const body = (await res.json().catch(() => ({}))) as { savedAt?: string; error?: string; code?: string }
        if (res.ok) setStatus({ kind: 'saved', at: new Date(body.savedAt ?? Date.now()) })
        else if (res.status === 409) setStatus({ kind: 'closed', message: body.error })
        else {
          s.dirty = true
          setStatus({ kind: 'error', message: body.error ?? 'Your answers could not be saved; we keep trying.' })
          s.retry = setTimeout(() => save(), 5000)
        }
      } catch {
        s.dirty = true
        setStatus({ kind: 'offline' })
        s.retry = setTimeout(() => save(), 5000)
      } finally {
        s.inFlight = false
      }
      if (s.dirty && !s.retry) void save()
    }
    const onInput = () => {
      s.dirty = true
      if (s.timer) clearTimeout(s.timer)
      s.timer = setTimeout(() => {
        s.timer = 0
        void save()
      }, debounceMs)
    }
    const onOnline = () => {
      if (s.retry) clearTimeout(s.retry)
      s.retry = 0
      void save()
    }
    const onOffline = () => setStatus({ kind: 'offline' })
    const onLeave = () => {
      if (s.dirty) void save(true)
    }
    form.addEventListener('input', onInput)
    form.addEventListener('change', onInput)
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)
    window.addEventListener('pagehide', onLeave)
    return () => {
      form.removeEventListener('input', onInput)
      form.removeEventListener('change', onInput)
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
      window.removeEventListener('pagehide', onLeave)
      if (s.timer) clearTimeout(s.timer)
      if (s.retry) clearTimeout(s.retry)
    }
  }, [formId, itemId, variantId, debounceMs])

  const text =
    status.kind === 'saving'
      ? 'Saving…'
      : status.kind === 'saved'
        ? `Answers saved ${status.at?.toLocaleTimeString()}`
        : status.kind === 'offline'
          ? 'You are offline: your latest answers are not saved yet. Keep this page open; they are saved when the connection returns.'
          : status.kind === 'closed'
            ? (status.message ?? 'Answers can no longer be changed.')
            : status.kind === 'error'
              ? (status.message ?? 'Your answers could not be saved; we keep trying.')
              : 'Your answers are saved as you type.'
  const cls = status.kind === 'offline' || status.kind === 'error' || status.kind === 'closed' ? 'alert warn' : 'muted small'
  return (
    <p className={cls} role="status" aria-live="polite" data-testid="draft-status" data-state={status.kind}>
      {text}
    </p>
  )
}

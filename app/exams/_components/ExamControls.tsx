'use client'

/** Starting an exam (after reading the rules, with the access code if any) and submitting it early. */
import { useRouter } from 'next/navigation'
import { useState } from 'react'

export function StartExam({ assignmentId, accessCodeRequired }: { assignmentId: string; accessCodeRequired: boolean }) {
  const router = useRouter()
  const [agreed, setAgreed] = useState(false)
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  async function start(e: React.FormEvent) {
    e.preventDefault()
    setPending(true)
    setError(null)
    try {
      const res = await fetch(`/api/exams/${encodeURIComponent(assignmentId)}/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(accessCodeRequired ? { accessCode: code } : {}),
      })
      if (!res.ok) {
        setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? 'The exam could not be started. Try again.')
        return
      }
      router.refresh()
    } catch {
      setError('You seem to be offline. Connect and try again.')
    } finally {
      setPending(false)
    }
  }
  return (
    <form onSubmit={start} aria-label="Start the exam">
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {accessCodeRequired && (
        <>
          <label htmlFor="accessCode">Access code</label>
          <input id="accessCode" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" required />
        </>
      )}
      <label>
        <input type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} /> I have read the rules; the clock starts when I press start.
      </label>
      <p>
        <button type="submit" disabled={!agreed || pending}>
          {pending ? 'Starting…' : 'Start the exam'}
        </button>
      </p>
    </form>
  )
}

export function SubmitExam({ assignmentId }: { assignmentId: string }) {
  const router = useRouter()
  const [confirming, setConfirming] = useState(false)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  async function submit() {
    setPending(true)
    // Let a pending draft save go out first.
    await new Promise((r) => setTimeout(r, 1000))
    try {
      const res = await fetch(`/api/exams/${encodeURIComponent(assignmentId)}/submit`, { method: 'POST' })
      if (!res.ok) setError(((await res.json().catch(() => ({}))) as { error?: string }).error ?? 'The exam could not be submitted. Try again.')
      else router.refresh()
    } catch {
      setError('You seem to be offline: your saved answers are submitted at the deadline anyway.')
    } finally {
      setPending(false)
    }
  }
  return (
    <div className="card">
      {error && (
        <div className="alert error" role="alert">
          {error}
        </div>
      )}
      {confirming ? (
        <p className="row">
          <span>Submit now? You cannot change your answers afterwards.</span>
          <button type="button" onClick={submit} disabled={pending}>
            {pending ? 'Submitting…' : 'Yes, submit the exam'}
          </button>
          <button type="button" className="secondary" onClick={() => setConfirming(false)}>
            Keep working
          </button>
        </p>
      ) : (
        <button type="button" onClick={() => setConfirming(true)}>
          Submit exam
        </button>
      )}
    </div>
  )
}

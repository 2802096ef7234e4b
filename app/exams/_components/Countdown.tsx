'use client'

/**
 * The time left, from the server's deadline and clock (the browser's clock only measures elapsed time).
 * The visible clock ticks every second but is not announced; a polite live region speaks at 10, 5 and 1 minutes,
 * 30 seconds and at the end. At zero it asks the server to submit and reloads the page.
 */
import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'

const MARKS = [600, 300, 60, 30]

function fmt(s: number) {
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = s % 60
  return `${h ? `${h}:` : ''}${String(m).padStart(h ? 2 : 1, '0')}:${String(sec).padStart(2, '0')}`
}
function secondsLeft(deadlineMs: number, offsetMs: number) {
  return Math.max(0, Math.ceil((deadlineMs - (Date.now() + offsetMs)) / 1000))
}
function spoken(s: number) {
  if (s >= 120) return `${Math.round(s / 60)} minutes left.`
  if (s >= 60) return '1 minute left.'
  return `${s} seconds left.`
}

export function Countdown({ assignmentId, deadline, serverNow }: { assignmentId: string; deadline: string; serverNow: string }) {
  const router = useRouter()
  const offset = useRef(new Date(serverNow).getTime() - Date.now())
  const deadlineMs = new Date(deadline).getTime()
  const [secs, setSecs] = useState(() => secondsLeft(deadlineMs, offset.current))
  const [announce, setAnnounce] = useState(() => spoken(secondsLeft(deadlineMs, offset.current)))
  const done = useRef(false)

  useEffect(() => {
    const left = () => secondsLeft(deadlineMs, offset.current)
    let last = left()
    const id = setInterval(() => {
      const s = left()
      for (const m of MARKS) if (last > m && s <= m) setAnnounce(spoken(s))
      last = s
      setSecs(s)
      if (s === 0 && !done.current) {
        done.current = true
        setAnnounce('Time is up. Your saved answers are being submitted.')
        const finish = async () => {
          // Give the last draft save a moment, then let the server (its clock decides) submit.
          await new Promise((r) => setTimeout(r, 1500))
          await fetch(`/api/exams/${encodeURIComponent(assignmentId)}/submit`, { method: 'POST' }).catch(() => null)
          router.refresh()
        }
        void finish()
      }
    }, 1000)
    return () => clearInterval(id)
  }, [assignmentId, deadlineMs, router])

  return (
    <div className={`countdown ${secs <= 60 ? 'urgent' : ''}`} data-testid="countdown">
      <span aria-hidden="true">Time left: </span>
      <span role="timer" aria-label="Time left" aria-live="off">
        {fmt(secs)}
      </span>
      <span className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announce}
      </span>
    </div>
  )
}

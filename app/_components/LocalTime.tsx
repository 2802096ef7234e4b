'use client'

import { useEffect, useState } from 'react'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "in 3 days", "2 hours ago": the distance from now in the largest whole unit, in words. */
export function relativeHint(at: Date, now: Date): string {
  const diff = at.getTime() - now.getTime()
  const abs = Math.abs(diff)
  const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' })
  if (abs < HOUR) return rtf.format(Math.round(diff / MINUTE), 'minute')
  if (abs < DAY) return rtf.format(Math.round(diff / HOUR), 'hour')
  return rtf.format(Math.round(diff / DAY), 'day')
}

/** The UTC text a page shows before the browser knows its zone (and without JavaScript). */
export function utcText(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** A date and time in the viewer's own zone, e.g. "Wed 16 Dec 2026, 14:30 CET". */
export function localText(d: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(d)
}

/**
 * An instant stored in UTC, shown in the viewer's time zone. The server never formats it in its own zone: it
 * sends UTC text, and the browser replaces it with local time (and, with `relative`, a hint such as "in 3 days").
 */
export function LocalTime({ at, relative = false, empty = 'no due date' }: { at: Date | string | null | undefined; relative?: boolean; empty?: string }) {
  const iso = at ? new Date(at).toISOString() : null
  const [local, setLocal] = useState<string | null>(null)
  useEffect(() => {
    if (!iso) return
    const d = new Date(iso)
    setLocal(`${localText(d)}${relative ? ` (${relativeHint(d, new Date())})` : ''}`)
  }, [iso, relative])
  if (!iso) return <>{empty}</>
  return (
    <time dateTime={iso} data-local={local ? 'yes' : undefined}>
      {local ?? utcText(new Date(iso))}
    </time>
  )
}

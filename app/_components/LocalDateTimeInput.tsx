'use client'

import { useEffect, useState } from 'react'

/**
 * A date-and-time field typed in the viewer's own time zone, for plain form posts: once the browser knows its
 * zone, the visible field loses its name and a hidden field of that name carries the instant in UTC (ISO 8601).
 * Without JavaScript the visible field posts as typed, read as UTC by the server (and labelled so).
 */
export function LocalDateTimeInput({ id, name, required, describedBy }: { id: string; name: string; required?: boolean; describedBy?: string }) {
  const [zone, setZone] = useState<string | null>(null)
  const [value, setValue] = useState('')
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone || 'local time'), [])
  const instant = value && !Number.isNaN(new Date(value).getTime()) ? new Date(value).toISOString() : value
  return (
    <>
      <input
        id={id}
        name={zone ? undefined : name}
        type="datetime-local"
        required={required}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-describedby={`${id}-zone${describedBy ? ` ${describedBy}` : ''}`}
      />
      {zone && <input type="hidden" name={name} value={instant} />}
      <span className="muted small" id={`${id}-zone`} data-testid={`${id}-zone`}>
        {zone ? `In your time zone (${zone}).` : 'In UTC.'}
      </span>
    </>
  )
}

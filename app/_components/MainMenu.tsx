'use client'

import { usePathname } from 'next/navigation'
import { type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react'

/**
 * The main links. On a wide screen they sit in the header's row; on a phone (globals.css, max-width 600px) they
 * fold under a "Menu" button, so the header keeps one row and no link is cut off. The button is a real button
 * (Enter and Space open it), Escape closes the menu and returns focus to the button, and following a link closes it.
 */
export function MainMenu({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false)
  const button = useRef<HTMLButtonElement>(null)
  const pathname = usePathname()
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      setOpen(false)
      button.current?.focus()
    }
  }
  // A new page (client navigation) starts with the menu closed.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on each navigation on purpose
  useEffect(() => setOpen(false), [pathname])
  return (
    <>
      <button
        ref={button}
        type="button"
        className="menu-toggle secondary"
        aria-expanded={open}
        aria-controls="main-nav"
        onClick={() => setOpen((o) => !o)}
        onKeyDown={onKeyDown}
      >
        Menu
      </button>
      <nav
        id="main-nav"
        aria-label="Main"
        data-open={open ? 'yes' : 'no'}
        onKeyDown={onKeyDown}
      >
        {children}
      </nav>
    </>
  )
}

'use client'

import { useEffect } from 'react'

/** Display math this much wider than its box is shrunk to fit; wider still, it scrolls with a visible cue. */
const MAX_SHRINK = 0.8
const SELECTOR = '.katex-display, .table-wrap'

function label(el: HTMLElement): string {
  return el.classList.contains('table-wrap') ? 'Table, scrolls sideways' : 'Formula, scrolls sideways'
}

/** Marks which edges hide content, for the fading-edge cue in globals.css. */
function markEdges(el: HTMLElement) {
  el.classList.toggle('more-left', el.scrollLeft > 1)
  el.classList.toggle('more-right', el.scrollLeft + el.clientWidth < el.scrollWidth - 1)
}

function onScroll(e: Event) {
  markEdges(e.currentTarget as HTMLElement)
}

/**
 * The box and content widths each box was left with by its last fit. A box is fitted again only when one of them
 * changed (a resize, fonts arriving, new content): re-fitting every box on every change anywhere in the page (a
 * preview, a draft's "Saved") rewrote each formula's size and cue for nothing, and kept the layout busy.
 */
const fittedAt = new WeakMap<HTMLElement, string>()
const widths = (el: HTMLElement) => `${el.clientWidth}/${el.scrollWidth}`

/** Fits one box: shrinks display math a little when that is enough, else makes it a labelled, focusable scroll box. */
function fitBox(el: HTMLElement) {
  if (fittedAt.get(el) === widths(el)) return
  const math = el.classList.contains('katex-display') ? (el.firstElementChild as HTMLElement | null) : null
  if (math) math.style.fontSize = ''
  let overflow = el.scrollWidth > el.clientWidth + 1
  if (overflow && math) {
    const ratio = el.clientWidth / el.scrollWidth
    if (ratio >= MAX_SHRINK) {
      math.style.fontSize = `${Math.floor(ratio * 100) - 1}%`
      overflow = el.scrollWidth > el.clientWidth + 1
    }
  }
  if (overflow) {
    el.classList.add('scrolls')
    el.tabIndex = 0
    el.setAttribute('role', 'group')
    el.setAttribute('aria-label', label(el))
    el.addEventListener('scroll', onScroll, { passive: true })
    markEdges(el)
  } else if (el.classList.contains('scrolls')) {
    el.classList.remove('scrolls', 'more-left', 'more-right')
    el.removeAttribute('tabindex')
    el.removeAttribute('role')
    el.removeAttribute('aria-label')
    el.removeEventListener('scroll', onScroll)
  }
  fittedAt.set(el, widths(el))
}

/**
 * Long display math and wide tables on a narrow screen: each either fits (formulas are shrunk up to 20 %) or
 * becomes a focusable region named "… scrolls sideways" whose hidden edge fades out. Runs on load, on resize
 * and whenever the page's content changes (client navigation, a new answer form).
 */
export function ScrollCues() {
  useEffect(() => {
    let frame = 0
    // A formula or table whose own size changes (KaTeX's fonts arriving after the first fit) is fitted again.
    const sized = new ResizeObserver(() => run())
    const watched = new WeakSet<Element>()
    const run = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        for (const el of document.querySelectorAll<HTMLElement>(SELECTOR)) {
          fitBox(el)
          const content = el.firstElementChild
          if (content && !watched.has(content)) {
            watched.add(content)
            sized.observe(content)
          }
        }
      })
    }
    run()
    const main = document.getElementById('main') ?? document.body
    const observer = new MutationObserver((records) => {
      // Our own attribute changes are not content changes.
      if (records.some((r) => r.type === 'childList')) run()
    })
    observer.observe(main, { childList: true, subtree: true })
    window.addEventListener('resize', run)
    // KaTeX's fonts change every formula's width when they arrive; a font may start loading only after this effect
    // ran (then `ready` has already resolved), so every finished load fits again too. A display formula's own box
    // keeps its width when its content widens, so the ResizeObserver above does not see that change.
    document.fonts?.ready.then(run)
    document.fonts?.addEventListener('loadingdone', run)
    window.addEventListener('load', run)
    return () => {
      observer.disconnect()
      sized.disconnect()
      document.fonts?.removeEventListener('loadingdone', run)
      window.removeEventListener('resize', run)
      window.removeEventListener('load', run)
      cancelAnimationFrame(frame)
    }
  }, [])
  return null
}

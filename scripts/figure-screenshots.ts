/** Renders one figure of each kind (from real variants' derivations) into test-results/figures-{1280,390}.png: `npx tsx scripts/figure-screenshots.ts`. */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { getTemplate } from '@/lib/questions/registry'
import { testSeed } from '@/lib/questions/selftest'
import { makeVariant } from '@/lib/questions/variant'
const figs: string[] = []
for (const id of ['ols-1d', 'lasso-1d-slope', 'ridge-2d', 'lasso-path-breakpoints', 'ridge-vs-lasso']) {
  const t = getTemplate(id)!
  const v = makeVariant(t, {}, testSeed(1, 'shots'))
  for (const s of t.derive(v)) if (s.figure) figs.push(`<section style="border:1px solid #ccc;margin:8px;padding:8px"><h3>${id}: ${s.title}</h3>${s.figure.svg}</section>`)
}
const html = `<!doctype html><meta name="viewport" content="width=device-width"><body style="margin:0;font-family:sans-serif">${figs.join('')}</body>`
const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'shots-')), { executablePath: '/usr/bin/chromium', headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] })
const page = await ctx.newPage()
for (const w of [1280, 390]) {
  await page.setViewportSize({ width: w, height: 900 })
  await page.setContent(html)
  await page.screenshot({ path: `test-results/figures-${w}.png`, fullPage: true })
}
await ctx.close()

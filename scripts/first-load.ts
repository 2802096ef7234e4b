/**
 * First-load JavaScript per page, from the build output in .next/: the scripts every page loads
 * (build-manifest.json `rootMainFiles`) plus the chunks of the page's own client components and of the
 * layouts above it (`entryJSFiles` of the page's client-reference manifest). Sizes are gzipped (level 9,
 * what a static server or CDN sends). The nomodule polyfills, which modern browsers skip, are not counted.
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

export interface FirstLoad {
  route: string
  files: string[]
  gzipBytes: number
}

/** Page kinds of the app: the route of every page the build produced, with its first-load JS. */
export function firstLoadJs(nextDir: string): FirstLoad[] {
  const build = JSON.parse(fs.readFileSync(path.join(nextDir, 'build-manifest.json'), 'utf8')) as { rootMainFiles: string[] }
  const pages = JSON.parse(fs.readFileSync(path.join(nextDir, 'server/app-paths-manifest.json'), 'utf8')) as Record<string, string>
  const sizes = new Map<string, number>()
  const gz = (file: string) => {
    let s = sizes.get(file)
    if (s === undefined) {
      s = gzipSync(fs.readFileSync(path.join(nextDir, file)), { level: 9 }).length
      sizes.set(file, s)
    }
    return s
  }
  const out: FirstLoad[] = []
  for (const [route, file] of Object.entries(pages)) {
    if (!route.endsWith('/page') || route.startsWith('/_')) continue
    const manifestFile = path.join(nextDir, 'server', file.replace(/\.js$/, '_client-reference-manifest.js'))
    if (!fs.existsSync(manifestFile)) continue
    const text = fs.readFileSync(manifestFile, 'utf8')
    // The file assigns one JSON object: globalThis.__RSC_MANIFEST["/route/page"] = {...};
    const json = JSON.parse(text.slice(text.indexOf('= {') + 2).replace(/;\s*$/, '')) as { entryJSFiles?: Record<string, string[]> }
    const files = new Set(build.rootMainFiles)
    for (const list of Object.values(json.entryJSFiles ?? {})) for (const f of list) files.add(f)
    const list = [...files].filter((f) => f.endsWith('.js'))
    out.push({ route: route.slice(0, -'/page'.length) || '/', files: list, gzipBytes: list.reduce((s, f) => s + gz(f), 0) })
  }
  return out.sort((a, b) => a.route.localeCompare(b.route))
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  for (const p of firstLoadJs(path.resolve(import.meta.dirname, '../.next'))) console.log(`${(p.gzipBytes / 1024).toFixed(1).padStart(7)} KB  ${p.route}`)
}

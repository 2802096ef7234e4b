/**
 * npm run bench:solver — times lassoPath against scikit-learn's lasso_path on the same data in the same run.
 *
 * Cases: n = 500, p = 50 and n = 100, p = 1000; 100 λ from λ_max down to λ_max/1000 (log-spaced).
 * Two settings:
 *  - "gap 1e-4": both sides stop on the same test, scikit-learn's: duality gap of ½||r||² + (λ/2)||w||₁
 *    ≤ 1e-4·||ỹ||² (our `gapTol`), no polish. This is scikit-learn's default tolerance.
 *  - "exact": ours at its defaults (KKT residual ≤ 1e-9·λ at every λ, then the active-set polish) against
 *    scikit-learn at tol = 1e-10. The stopping rules differ here, so the attained KKT residuals are printed too.
 * Times are medians of several runs after warm-up runs (JIT for us: BENCH_WARMUP runs, default 10, after the
 * first; one for Python: imports and caches), in CPU
 * time of the process (process.cpuUsage here, time.process_time in Python), so that other load on a shared
 * machine does not distort the ratio; wall-clock medians are printed beside them. Both sides are single-threaded
 * here (the Python side pins BLAS to one thread). The Python side includes centering, as our lassoPath does
 * internally.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { lassoLambdaMax, lassoPath } from '../lib/solver'

const PYTHON = '/usr/bin/python3'
const SCRIPT = path.resolve(import.meta.dirname, 'sklearn/bench_lasso_path.py')
const REPEATS = Number(process.env.BENCH_REPEATS ?? 7)
const WARMUP = Number(process.env.BENCH_WARMUP ?? 10)
/** BENCH_ONLY=gap runs only the "gap 1e-4" setting (the exact one costs scikit-learn ~20 s per case). */
const ONLY = process.env.BENCH_ONLY

function gaussianSource(seed: number): () => number {
  let a = seed >>> 0
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())
}

/** n × p Gaussian design with neighbouring features correlated 0.5; y from 10 true features plus noise. */
function dataset(n: number, p: number, seed: number) {
  const g = gaussianSource(seed)
  const X: number[][] = []
  for (let i = 0; i < n; i++) {
    const row: number[] = []
    let prev = g()
    for (let j = 0; j < p; j++) {
      prev = j === 0 ? prev : 0.5 * prev + Math.sqrt(0.75) * g()
      row.push(prev)
    }
    X.push(row)
  }
  const y = X.map((row) => row.slice(0, 10).reduce((s, v, j) => s + (j % 2 ? -1 : 1) * (j + 1) * v, 0) + g())
  return { X, y }
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

interface SkResult {
  sklearn: string
  times: number[]
  wall: number[]
  kktMax: number
  convergenceWarning: boolean
  coefs: number[][]
}

function runSklearn(X: number[][], y: number[], lambdas: number[], tol: number): SkResult | string {
  if (!existsSync(PYTHON)) return `${PYTHON} not found`
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-solver-'))
  try {
    const file = path.join(dir, 'data.json')
    writeFileSync(file, JSON.stringify({ X, y, lambdas, tol, repeats: REPEATS }))
    const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' }
    const res = spawnSync(PYTHON, [SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 28, env })
    if (res.status !== 0) return (res.stderr || res.error?.message || 'python failed').trim().split('\n').slice(-1)[0]
    return JSON.parse(res.stdout) as SkResult
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function timeOurs(X: number[][], y: number[], lambdas: number[], opts: Parameters<typeof lassoPath>[3]) {
  // Warm-up: V8 needs a few runs before the hot loops are optimized (with only 3, concurrent recompilation
  // still showed up as CPU time above wall time in the timed runs); a server renders many pages, so the steady
  // state is what matters. The first (cold) run, JIT compilation included, is reported separately.
  const c0 = process.cpuUsage()
  let result = lassoPath(X, y, lambdas, opts)
  const cold = process.cpuUsage(c0)
  for (let r = 0; r < WARMUP; r++) result = lassoPath(X, y, lambdas, opts)
  const times: number[] = []
  const wall: number[] = []
  for (let r = 0; r < REPEATS; r++) {
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    result = lassoPath(X, y, lambdas, opts)
    wall.push((performance.now() - t0) / 1000)
    const c = process.cpuUsage(c0)
    times.push((c.user + c.system) / 1e6)
  }
  return { time: median(times), wall: median(wall), cold: (cold.user + cold.system) / 1e6, result }
}

const fmt = (s: number) => `${(s * 1000).toFixed(1).padStart(8)} ms`
let missingSklearn = false

console.log(`lassoPath vs scikit-learn lasso_path — 100 λ from λ_max to λ_max/1000, median of ${REPEATS} runs`)
for (const [n, p] of [
  [500, 50],
  [100, 1000],
] as const) {
  const { X, y } = dataset(n, p, 1000 * n + p)
  const lmax = lassoLambdaMax(X, y)
  const lambdas = Array.from({ length: 100 }, (_, k) => lmax * 1000 ** (-k / 99))
  console.log(`\nn = ${n}, p = ${p} (${n >= p ? 'full Gram matrix' : 'Gram entries on demand, residual full checks'} on our side)`)
  for (const setting of [
    { label: 'gap 1e-4 (same test both sides)', ours: { gapTol: 1e-4 }, skTol: 1e-4 },
    { label: 'exact (ours KKT ≤ 1e-9 + polish; sklearn tol 1e-10)', ours: {}, skTol: 1e-10 },
  ]) {
    if (ONLY !== undefined && !setting.label.startsWith(ONLY)) continue
    const ours = timeOurs(X, y, lambdas, setting.ours)
    const ourKkt = Math.max(...ours.result.kktViolations)
    const line = [`  ${setting.label.padEnd(52)} ours ${fmt(ours.time)} cpu, ${fmt(ours.wall)} wall, first run ${fmt(ours.cold)} cpu (max KKT ${ourKkt.toExponential(1)})`]
    const sk = missingSklearn ? 'skipped' : runSklearn(X, y, lambdas, setting.skTol)
    if (typeof sk === 'string') {
      if (!missingSklearn) {
        console.log(
          `  scikit-learn unavailable (${sk}). Install it with: apt-get update && apt-get install -y python3-sklearn (run by ${PYTHON}).`,
        )
      }
      missingSklearn = true
      console.log(line[0])
      continue
    }
    const skTime = median(sk.times)
    let diff = 0
    let scale = 0
    for (let k = 0; k < sk.coefs.length; k++) {
      for (let j = 0; j < p; j++) {
        diff = Math.max(diff, Math.abs(sk.coefs[k][j] - ours.result.coefs[k][j]))
        scale = Math.max(scale, Math.abs(sk.coefs[k][j]))
      }
    }
    line.push(
      `sklearn ${fmt(skTime)} cpu, ${fmt(median(sk.wall))} wall (max KKT ${sk.kktMax.toExponential(1)}${sk.convergenceWarning ? ', ConvergenceWarning' : ''})`,
      `ratio sklearn/ours ${(skTime / ours.time).toFixed(2)}x (cpu)`,
      `max |Δcoef|/max|coef| ${(diff / scale).toExponential(1)}`,
    )
    console.log(line.join(' | '))
  }
}
if (!missingSklearn) console.log('\n(ratio > 1: ours is faster.)')

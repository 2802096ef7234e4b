/**
 * Seeded randomness for question variants.
 *
 * Every random draw a template makes comes from the `Rng` handed to `generate`, so one seed always gives
 * one variant. The generator is pure-rand's xoroshiro128+, seeded with 128 bits taken from the variant's
 * hex seed (see `deriveVariantSeed` in `./seed`).
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64'
import { uniformInt } from 'pure-rand/distribution/uniformInt'
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus'

export interface Rng {
  /** Uniform float in [0, 1). */
  float(): number
  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number
  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T
  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[]
  /** True with probability p. */
  chance(p: number): boolean
}

/** A 128-bit state from a hex seed (at least 32 hex digits are used; shorter seeds are stretched by repetition). */
function stateFromHex(seed: string): number[] {
  if (!/^[0-9a-f]+$/i.test(seed)) throw new Error(`Seed must be hexadecimal, got "${seed}"`)
  const hex = seed.repeat(Math.ceil(32 / seed.length)).slice(0, 32)
  const words: number[] = [0, 1, 2, 3].map((k) => Number.parseInt(hex.slice(8 * k, 8 * k + 8), 16) | 0)
  // xoroshiro128+ must not start from the all-zero state.
  if (!words.some((w) => w !== 0)) words[3] = 1
  return words
}

export function createRng(seed: string): Rng {
  const g = xoroshiro128plusFromState(stateFromHex(seed))
  const rng: Rng = {
    float: () => uniformFloat64(g),
    int: (lo, hi) => {
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || hi < lo) throw new Error(`Bad integer range [${lo}, ${hi}]`)
      return uniformInt(g, lo, hi)
    },
    pick: (items) => {
      if (items.length === 0) throw new Error('Cannot pick from an empty list')
      return items[uniformInt(g, 0, items.length - 1)]
    },
    shuffle: (items) => {
      const out = [...items]
      for (let i = out.length - 1; i > 0; i--) {
        const j = uniformInt(g, 0, i)
        ;[out[i], out[j]] = [out[j], out[i]]
      }
      return out
    },
    chance: (p) => uniformFloat64(g) < p,
  }
  return rng
}

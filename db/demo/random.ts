/**
 * Seeded randomness for the demo generator. Everything the generator makes is a function of
 * (seed, customer count, now), so no `Math.random()` may appear under db/demo.
 */

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** mulberry32: tiny, fast and good enough for demo data. */
export class Random {
  private state: number

  constructor(seed: number) {
    this.state = seed >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6D2B79F5) | 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }

  /** Picks from [item, weight] pairs; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    if (items.length > 8)
      return items[bisect(cumulative(items), this.next())]![0]
    let total = 0
    for (const [, w] of items) total += w
    let r = this.next() * total
    for (const [item, w] of items) {
      r -= w
      if (r < 0)
        return item
    }
    return items[items.length - 1]![0]
  }

  /** `n` distinct items in random order (all of them when n ≥ length). */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = items.slice()
    const out: T[] = []
    while (out.length < n && copy.length > 0)
      out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]!)
    return out
  }

  chars(n: number, alphabet = ALNUM): string {
    let s = ''
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * alphabet.length)]
    return s
  }

  digits(n: number): string {
    return this.chars(n, '0123456789')
  }
}

// Long weight lists (surnames, places) are module constants: keep their running sums.
const CUMULATIVE = new WeakMap<object, Float64Array>()
function cumulative(items: readonly (readonly [unknown, number])[]): Float64Array {
  let sums = CUMULATIVE.get(items)
  if (!sums) {
    sums = new Float64Array(items.length)
    let total = 0
    items.forEach(([, w], i) => {
      total += w
      sums![i] = total
    })
    for (let i = 0; i < sums.length; i++) sums[i] = sums[i]! / total
    CUMULATIVE.set(items, sums)
  }
  return sums
}

/** First index whose running share exceeds r. */
function bisect(sums: Float64Array, r: number): number {
  let lo = 0
  let hi = sums.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sums[mid]! > r)
      hi = mid
    else
      lo = mid + 1
  }
  return lo
}

/** A well-mixed 32-bit seed for item `index` of a run, so each customer has its own stream. */
export function deriveSeed(seed: number, index: number): number {
  // splitmix32-style finaliser over the pair.
  let h = (Math.imul(seed | 0, 0x9E3779B1) ^ Math.imul(index | 0, 0x85EBCA77)) | 0
  h = Math.imul(h ^ (h >>> 16), 0x7FEB352D)
  h = Math.imul(h ^ (h >>> 15), 0x846CA68B)
  return (h ^ (h >>> 16)) >>> 0
}

/**
 * A bijection of [0, modulus): index ↦ (index·mult + salt) mod modulus. With `mult` coprime to
 * the modulus, distinct indexes give distinct codes, which is how generated IDs stay unique
 * without remembering the ones already handed out.
 */
export function scramble(index: number, modulus: number, mult: number, salt: number): number {
  // Split the multiplication so that index·mult never leaves the exact-integer range of a double
  // (exact while modulus ≤ 1e11 and index ≤ 1e8).
  const hi = Math.floor(mult / 65536)
  const lo = mult % 65536
  const a = ((index * hi) % modulus) * 65536 % modulus
  return (a + index * lo + salt) % modulus
}

/** `value` written in `width` characters of `alphabet` (most significant first). */
export function encode(value: number, width: number, alphabet = ALNUM): string {
  let s = ''
  let v = value
  for (let i = 0; i < width; i++) {
    s = alphabet[v % alphabet.length] + s
    v = Math.floor(v / alphabet.length)
  }
  return s
}

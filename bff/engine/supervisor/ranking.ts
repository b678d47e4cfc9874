/**
 * Ranking staff by completion without letting small numbers win: 1 of 1 done is 100%, but says
 * far less than 95 of 100. Staff are ordered by the lower bound of the Wilson score interval
 * (95%), which rewards a high rate and enough tasks to trust it.
 */

const Z = 1.96

/** Lower bound of the Wilson score interval for `done` successes out of `due`; 0 when there are none. */
export function wilsonLowerBound(done: number, due: number): number {
  if (due <= 0)
    return 0
  const p = done / due
  const z2 = Z * Z
  const centre = p + z2 / (2 * due)
  const margin = Z * Math.sqrt((p * (1 - p) + z2 / (4 * due)) / due)
  return (centre - margin) / (1 + z2 / due)
}

/** `settled`: tasks whose outcome is known (due, minus those still in time today). */
export interface Rankable { staffId: number, settled: number, done: number }

/** Best first; people with nothing settled go last, by id so the order is stable. */
export function rankByCompletion<T extends Rankable>(rows: readonly T[]): T[] {
  return rows.slice().sort((a, b) => {
    if ((a.settled === 0) !== (b.settled === 0))
      return a.settled === 0 ? 1 : -1
    return wilsonLowerBound(b.done, b.settled) - wilsonLowerBound(a.done, a.settled) || b.settled - a.settled || a.staffId - b.staffId
  })
}

/** done / due, or null when nothing was due (not 0%: nobody failed). */
export function rate(done: number, due: number): number | null {
  return due > 0 ? done / due : null
}

/**
 * A ranking is a sum of terms; each term that has words becomes part of the reason staff read.
 * The reason is therefore the ranking's own explanation, not a separate story.
 */
export interface Term {
  /** Stable name, for tests and debugging ('category', 'repurchase', …). */
  key: string
  points: number
  /** Plain words for staff ("常买益生菌"); null for terms that only order the list. */
  text: string | null
}

export interface Scored {
  score: number
  terms: Term[]
  /** The worded terms, strongest first, at most three: "常买益生菌 · 客单价 ¥200–300 档 · 沉默 45 天". */
  reason: string
}

export function scored(terms: Term[], fallbackReason: string): Scored {
  const score = Math.round(terms.reduce((s, t) => s + t.points, 0) * 1000) / 1000
  const worded = terms.filter(t => t.text && t.points > 0).sort((a, b) => b.points - a.points)
  const texts: string[] = []
  for (const t of worded) {
    if (!texts.includes(t.text!))
      texts.push(t.text!)
  }
  return { score, terms, reason: texts.slice(0, 3).join(' · ') || fallbackReason }
}

export const round2 = (n: number) => Math.round(n * 100) / 100

/**
 * Who gets a customer's tasks when several staff serve them.
 *
 * Rule: among active relationships, the staff member who last wrote to the customer; if nobody
 * has written yet, the earliest first add; remaining ties go to the lower staff id. The person in
 * the conversation can send a script without it reading as a stranger's; the first add is who
 * the customer chose to add, and it never changes, so a brand-new customer's tasks stay put.
 */
import type { FactRelation } from './facts.ts'

export interface Owner {
  staffId: number
  staffName: string | null
  /** Which half of the rule decided. */
  by: 'last_message' | 'first_add'
}

export function pickOwner(relationships: readonly FactRelation[]): Owner | null {
  const active = relationships.filter(r => r.status === 'active')
  const messaged = active.filter(r => r.lastMessageOutAt != null)
  if (messaged.length) {
    const r = best(messaged, (a, b) => b.lastMessageOutAt! - a.lastMessageOutAt!)
    return { staffId: r.staffId, staffName: r.staffName ?? null, by: 'last_message' }
  }
  if (!active.length)
    return null
  const r = best(active, (a, b) => a.firstAddedAt - b.firstAddedAt)
  return { staffId: r.staffId, staffName: r.staffName ?? null, by: 'first_add' }
}

function best(rs: FactRelation[], order: (a: FactRelation, b: FactRelation) => number): FactRelation {
  return [...rs].sort((a, b) => order(a, b) || a.staffId - b.staffId)[0]!
}

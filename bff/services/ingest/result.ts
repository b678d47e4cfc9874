/** What every ingest answers: how many landed, how many were already there, and why the rest did not. */
export interface IngestResult {
  accepted: number
  duplicates: number
  rejected: Array<{ index: number, message: string }>
  /** Customers whose data changed: their stage and tasks are recomputed (not part of the HTTP answer). */
  affectedCustomerIds: Set<number>
}

export function emptyResult(): IngestResult {
  return { accepted: 0, duplicates: 0, rejected: [], affectedCustomerIds: new Set() }
}

/** The most items one request may carry. */
export const MAX_BATCH = 1000

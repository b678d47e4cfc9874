import { type Static, Type } from 'typebox'

/**
 * The answer to every ingest batch. Request items are validated one by one in the service (not
 * here), so one bad item is named in `rejected` while the rest of the batch lands.
 */
export const IngestResponse = Type.Object({
  accepted: Type.Integer(),
  duplicates: Type.Integer(),
  rejected: Type.Array(Type.Object({
    /** Position of the item in the request's array. */
    index: Type.Integer(),
    message: Type.String(),
  })),
})
export type IngestResponse = Static<typeof IngestResponse>

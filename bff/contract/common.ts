import { type Static, type TSchema, Type } from 'typebox'

/**
 * A string from a fixed set, as one `enum`. Not a union of literals: fast-json-stringify
 * serializes `anyOf` by validating every branch at runtime, ten times slower on the sidebar.
 */
export function StringEnum<const T extends readonly string[]>(values: T) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values] })
}

/** T or null, as a type list (`["string", "null"]`) rather than `anyOf`, for the same reason. */
export function Nullable<T extends TSchema>(schema: T) {
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [(schema as { type?: string }).type, 'null'] })
}

/** The one error shape every 4xx/5xx answer has. */
export const ErrorResponse = Type.Object({
  statusCode: Type.Integer(),
  error: Type.String(),
  message: Type.String(),
  /** Machine-readable reason where the UI must tell cases apart, e.g. 'unknown_contact'. */
  code: Type.Optional(Type.String()),
})
export type ErrorResponse = Static<typeof ErrorResponse>

/** Opaque cursor: pass `nextCursor` back as `cursor` to get the next page. */
export const PageQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
})
export type PageQuery = Static<typeof PageQuery>

export function Page<T extends Parameters<typeof Type.Array>[0]>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    nextCursor: Nullable(Type.String()),
  })
}

export const ExternalUserIdParams = Type.Object({
  externalUserId: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_\\-]+$' }),
})
export type ExternalUserIdParams = Static<typeof ExternalUserIdParams>

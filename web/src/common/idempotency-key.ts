/**
 * A key for a request that must take effect once (a task marked done, a send recorded, a nudge):
 * made once per intended action and sent again on every retry. getRandomValues works outside
 * secure contexts (randomUUID does not).
 */
export function newIdempotencyKey(prefix: string): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return `${prefix}-${Array.from(bytes, b => b.toString(16).padStart(2, '0')).join('')}`
}

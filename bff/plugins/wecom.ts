import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { WecomConfig } from '../config.ts'

// Placeholder until the WeCom API client lands: decorates nothing yet.
export default fp(async (_app: FastifyInstance, _opts: { wecom: WecomConfig | null, now: () => number, fetch: typeof globalThis.fetch }) => {}, { name: 'wecom' })

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthResponse } from '../contract/health.ts'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', { schema: { response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const }))
}
export default healthRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'

// Placeholder: routes land in their own commits.
const routes: FastifyPluginAsyncTypebox<Record<string, unknown>> = async () => {}
export default routes

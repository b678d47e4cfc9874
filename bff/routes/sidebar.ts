import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, ExternalUserIdParams } from '../contract/common.ts'
import { SidebarResponse } from '../contract/customer.ts'
import { staffOf } from '../plugins/session.ts'
import { getSidebar } from '../services/customer-sidebar.ts'

/**
 * The sidebar's first screen for the customer in the open 1:1 chat, in one round trip.
 *
 * Deliberately not under /api/customers/:id/… with the parts of a customer's record: it is the
 * screen's one composite answer (profile, stage, tasks, figures), the hot path the benchmark and
 * the README's figures name by this path, and what the web app and the e2e tests call. Moving it
 * would mean an alias kept for the old path and new benchmark labels, for no reader's gain.
 */
const sidebarRoutes: FastifyPluginAsyncTypebox<{ now: () => number }> = async (app, { now }) => {
  app.addHook('onRequest', app.requireStaff)

  app.get('/api/sidebar/:externalUserId', {
    schema: {
      params: ExternalUserIdParams,
      response: { 200: SidebarResponse, 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse },
    },
  }, async request => getSidebar(app.db, staffOf(request).id, request.params.externalUserId, now(), app.journey))
}
export default sidebarRoutes

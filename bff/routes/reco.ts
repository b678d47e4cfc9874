import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, ExternalUserIdParams } from '../contract/common.ts'
import { RecordSendBody, RecoResponse, SendRecord } from '../contract/reco.ts'
import { staffOf } from '../plugins/session.ts'
import { requireServedCustomer } from '../services/customer-access.ts'
import { getRecommendations } from '../services/reco.ts'
import { recordSend } from '../services/reco-sends.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse }

/**
 * The 推荐 tab: coupons and products picked for the customer in the open chat, and the record
 * of what staff sent from it. Access exactly as the sidebar's: only customers the staff member serves.
 */
const recoRoutes: FastifyPluginAsyncTypebox<{ now: () => number }> = async (app, { now }) => {
  app.addHook('onRequest', app.requireStaff)

  app.get('/api/customers/:externalUserId/recommendations', {
    schema: { params: ExternalUserIdParams, response: { 200: RecoResponse, ...errors } },
  }, async (request) => {
    const staff = staffOf(request)
    const { externalUserId } = request.params
    const { customerId } = requireServedCustomer(app.db, staff.id, externalUserId)
    return getRecommendations(app.db, app.journey, staff, customerId, externalUserId, now())
  })

  app.post('/api/customers/:externalUserId/sends', {
    schema: { params: ExternalUserIdParams, body: RecordSendBody, response: { 200: SendRecord, ...errors, 409: ErrorResponse } },
  }, async (request) => {
    const staff = staffOf(request)
    const { customerId } = requireServedCustomer(app.db, staff.id, request.params.externalUserId)
    return recordSend(app.db, staff, customerId, request.body, now())
  })
}
export default recoRoutes

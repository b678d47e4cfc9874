import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ErrorResponse, ExternalUserIdParams, PageQuery } from '../contract/common.ts'
import { CustomerListPage, CustomerListQuery, EventPage, EventPageQuery, OrderPage, PhoneRevealResponse } from '../contract/customer.ts'
import { staffOf } from '../plugins/session.ts'
import { requireServedCustomer } from '../services/customer-access.ts'
import { listCustomerEvents, parseKinds } from '../services/customer-events.ts'
import { listStaffCustomers } from '../services/customer-list.ts'
import { listCustomerOrders } from '../services/customer-orders.ts'
import { revealPhone } from '../services/phone-reveal.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse, 429: ErrorResponse }

/** The signed-in staff member's customers and the paged parts of one customer's record. */
const customerRoutes: FastifyPluginAsyncTypebox<{ now: () => number, phoneRevealDailyLimit: number }> = async (app, { now, phoneRevealDailyLimit }) => {
  app.addHook('onRequest', app.requireStaff)

  app.get('/api/customers', {
    schema: { querystring: CustomerListQuery, response: { 200: CustomerListPage, ...errors } },
  }, async request => listStaffCustomers(app.db, staffOf(request).id, request.query, { now: now(), limit: phoneRevealDailyLimit }))

  app.get('/api/customers/:externalUserId/orders', {
    schema: { params: ExternalUserIdParams, querystring: PageQuery, response: { 200: OrderPage, ...errors } },
  }, async (request) => {
    const { customerId } = requireServedCustomer(app.db, staffOf(request).id, request.params.externalUserId)
    return listCustomerOrders(app.db, customerId, request.query)
  })

  app.get('/api/customers/:externalUserId/events', {
    schema: { params: ExternalUserIdParams, querystring: EventPageQuery, response: { 200: EventPage, ...errors } },
  }, async (request) => {
    const kinds = parseKinds(request.query.kind)
    const { customerId } = requireServedCustomer(app.db, staffOf(request).id, request.params.externalUserId)
    return listCustomerEvents(app.db, customerId, { ...request.query, kinds })
  })

  app.post('/api/customers/:externalUserId/phone-reveal', {
    schema: { params: ExternalUserIdParams, response: { 200: PhoneRevealResponse, ...errors } },
  }, async (request) => {
    const result = revealPhone(app.db, staffOf(request).id, request.params.externalUserId, now(), phoneRevealDailyLimit)
    request.log.info({ staff: staffOf(request).userId, externalUserId: request.params.externalUserId }, 'phone revealed')
    return result
  })
}
export default customerRoutes

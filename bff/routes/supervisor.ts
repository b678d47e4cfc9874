import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { SupervisorConfig } from '../config.ts'
import { ErrorResponse } from '../contract/common.ts'
import {
  CustomerIdParams, NudgeBody, NudgeResult, StaffIdParams, SupervisorCharts, SupervisorCustomer, SupervisorQuery,
  SupervisorScope, SupervisorSops, SupervisorStaffDetail, SupervisorSummary, SupervisorUnanswered,
} from '../contract/supervisor.ts'
import { staffOf } from '../plugins/session.ts'
import { getSupervisorCharts } from '../services/supervisor-charts.ts'
import { getStaffDetail, getTeamCustomer } from '../services/supervisor-drilldown.ts'
import { nudgeStaff } from '../services/supervisor-nudge.ts'
import { describeScope, requireStaffInScope, resolveScope, resolveSelection, scopeStaffIdsJson } from '../services/supervisor-scope.ts'
import { getSupervisorSops } from '../services/supervisor-sops.ts'
import { getSupervisorSummary } from '../services/supervisor-summary.ts'
import { getSupervisorUnanswered } from '../services/supervisor-unanswered.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse }
const DEFAULT_PERIOD = '7d'

/**
 * The supervisor's H5 page (/supervisor): task completion of the departments they lead, who is
 * behind, customers left unanswered, drill-down to a person and a customer, and nudges. Staff
 * who lead no department get 403 on every route; nothing outside the scope is ever answered.
 */
const supervisorRoutes: FastifyPluginAsyncTypebox<{ now: () => number, config: SupervisorConfig }> = async (app, { now, config }) => {
  app.addHook('onRequest', app.requireStaff)
  const admins = config.admins
  const select = (request: FastifyRequest, departmentId?: number) =>
    resolveSelection(app.db, staffOf(request), admins, departmentId)
  const stages = app.journey.journey.stages.map(s => ({ key: s.key, name: s.name }))

  app.get('/api/supervisor/scope', {
    schema: { response: { 200: SupervisorScope, ...errors } },
  }, async request => describeScope(app.db, staffOf(request), admins, config.serviceReplyHours))

  app.get('/api/supervisor/summary', {
    schema: { querystring: SupervisorQuery, response: { 200: SupervisorSummary, ...errors } },
  }, async request => getSupervisorSummary(app.db, select(request, request.query.departmentId), request.query.period ?? DEFAULT_PERIOD, now()))

  app.get('/api/supervisor/sops', {
    schema: { querystring: SupervisorQuery, response: { 200: SupervisorSops, ...errors } },
  }, async request => getSupervisorSops(app.db, select(request, request.query.departmentId), app.journey.library, request.query.period ?? DEFAULT_PERIOD, now()))

  app.get('/api/supervisor/charts', {
    schema: { querystring: SupervisorQuery, response: { 200: SupervisorCharts, ...errors } },
  }, async request => getSupervisorCharts(app.db, select(request, request.query.departmentId), stages, request.query.period ?? DEFAULT_PERIOD, now()))

  app.get('/api/supervisor/unanswered', {
    schema: { querystring: SupervisorQuery, response: { 200: SupervisorUnanswered, ...errors } },
  }, async request => getSupervisorUnanswered(app.db, select(request, request.query.departmentId), config.serviceReplyHours, now()))

  app.get('/api/supervisor/staff/:staffId', {
    schema: { params: StaffIdParams, querystring: SupervisorQuery, response: { 200: SupervisorStaffDetail, ...errors } },
  }, async (request) => {
    const scope = resolveScope(app.db, staffOf(request), admins)
    const person = requireStaffInScope(app.db, scope, request.params.staffId)
    return getStaffDetail(app.db, person, request.query.period ?? DEFAULT_PERIOD, config.serviceReplyHours, now())
  })

  app.get('/api/supervisor/customers/:customerId', {
    schema: { params: CustomerIdParams, response: { 200: SupervisorCustomer, ...errors } },
  }, async (request) => {
    const scope = resolveScope(app.db, staffOf(request), admins)
    return getTeamCustomer(app.db, { staffIdsJson: scopeStaffIdsJson(app.db, scope) }, request.params.customerId, stages)
  })

  app.post('/api/supervisor/staff/:staffId/nudge', {
    schema: { params: StaffIdParams, body: NudgeBody, response: { 200: NudgeResult, ...errors, 409: ErrorResponse, 429: ErrorResponse, 502: ErrorResponse } },
  }, async (request) => {
    const staff = staffOf(request)
    const person = requireStaffInScope(app.db, resolveScope(app.db, staff, admins), request.params.staffId)
    const wecomApi = app.wecom.api
    return nudgeStaff(app.db, {
      from: staff,
      to: person,
      note: request.body.note,
      idempotencyKey: request.body.idempotencyKey,
      now: now(),
      send: wecomApi ? (to, text) => wecomApi.sendAppText(to, text) : null,
    })
  })
}
export default supervisorRoutes

import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import { ErrorResponse, ExternalUserIdParams } from '../contract/common.ts'
import { StageHistoryResponse } from '../contract/journey.ts'
import { CompleteTaskBody, SkipTaskBody, SnoozeTaskBody, TaskIdParams, TaskItem, TaskList, TodayTasks } from '../contract/tasks.ts'
import { staffOf } from '../plugins/session.ts'
import { requireServedCustomer } from '../services/customer-access.ts'
import { getStageHistory } from '../services/customer-stage.ts'
import { completeTask, skipTask, snoozeTask, type TaskChange } from '../services/task-actions.ts'
import { getTaskItem, listCustomerTasks, listTodayTasks } from '../services/tasks.ts'

const errors = { 400: ErrorResponse, 401: ErrorResponse, 404: ErrorResponse }
const actionErrors = { ...errors, 409: ErrorResponse }

/**
 * The journey in the product: a customer's stage history and SOP tasks, today's list, and what
 * staff do with a task. Staff only ever see and touch their own tasks.
 */
const taskRoutes: FastifyPluginAsyncTypebox<{ now: () => number }> = async (app, { now }) => {
  app.addHook('onRequest', app.requireStaff)

  app.get('/api/customers/:externalUserId/stage', {
    schema: { params: ExternalUserIdParams, response: { 200: StageHistoryResponse, ...errors } },
  }, async (request) => {
    const { customerId } = requireServedCustomer(app.db, staffOf(request).id, request.params.externalUserId)
    return getStageHistory(app.db, app.journey, customerId)
  })

  app.get('/api/customers/:externalUserId/tasks', {
    schema: { params: ExternalUserIdParams, response: { 200: TaskList, ...errors } },
  }, async (request) => {
    const { customerId } = requireServedCustomer(app.db, staffOf(request).id, request.params.externalUserId)
    return listCustomerTasks(app.db, staffOf(request).id, customerId, now())
  })

  app.get('/api/tasks/today', {
    schema: { response: { 200: TodayTasks, 401: ErrorResponse } },
  }, async request => listTodayTasks(app.db, staffOf(request).id, now()))

  /**
   * After a change that can move the customer on (a task done or skipped: the SOP's goal may be
   * reached, the next step may come due), recompute them. The change itself is already committed:
   * a failure here is logged and left to the next scheduled pass.
   */
  const answer = (request: FastifyRequest, change: TaskChange, recompute: boolean) => {
    if (recompute && change.changed) {
      try {
        app.recomputeCustomer(change.task.customerId)
      }
      catch (err) {
        request.log.error({ err, taskId: change.task.id }, 'recompute after task change failed')
      }
    }
    return getTaskItem(app.db, staffOf(request).id, change.task.id, now())
  }

  app.post('/api/tasks/:id/complete', {
    schema: { params: TaskIdParams, body: CompleteTaskBody, response: { 200: TaskItem, ...actionErrors } },
  }, async request => answer(request, completeTask(app.db, staffOf(request).id, request.params.id, request.body, now()), true))

  app.post('/api/tasks/:id/skip', {
    schema: { params: TaskIdParams, body: SkipTaskBody, response: { 200: TaskItem, ...actionErrors } },
  }, async request => answer(request, skipTask(app.db, staffOf(request).id, request.params.id, request.body, now()), true))

  app.post('/api/tasks/:id/snooze', {
    schema: { params: TaskIdParams, body: SnoozeTaskBody, response: { 200: TaskItem, ...actionErrors } },
  }, async request => answer(request, snoozeTask(app.db, staffOf(request).id, request.params.id, request.body, app.journey.library.guardrails, now()), false))
}
export default taskRoutes

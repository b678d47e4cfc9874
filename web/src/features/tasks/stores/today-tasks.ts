import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { TodayTasks } from '../../../../../bff/contract/tasks.ts'
import { ApiError, api } from '@/api/client'
import type { AsyncStatus } from '@/common/async-status'
import { useSessionStore } from '@/stores/session'

export interface TodayError { title: string, message: string }

function toTodayError(e: unknown): TodayError {
  if (e instanceof ApiError) {
    if (e.status === 0)
      return { title: '连接中断', message: e.message }
    if (e.status >= 500)
      return { title: '服务暂时不可用', message: '服务器出了点问题，请稍后重试。' }
    if (e.status === 401)
      return { title: '登录已失效', message: '请点击重试重新登录。' }
    return { title: '加载失败', message: e.message }
  }
  return { title: '加载失败', message: e instanceof Error && e.message ? e.message : '出了点问题，请重试。' }
}

/** The signed-in staff member's tasks for today across customers (the /tasks page). */
export const useTodayTasksStore = defineStore('today-tasks', () => {
  const status = ref<AsyncStatus>('idle')
  const error = ref<TodayError | null>(null)
  const data = shallowRef<TodayTasks | null>(null)
  /** When `data` was fetched: due times are shown relative to it. */
  const loadedAt = ref(0)

  let generation = 0

  /**
   * Signs in if needed, then fetches `GET /api/tasks/today`. A refresh (pull to refresh) keeps
   * the current list on screen while it loads; a failed refresh keeps it too and reports.
   * @returns false when it failed (the error is in `error`)
   */
  async function load(): Promise<boolean> {
    const mine = ++generation
    status.value = 'loading'
    error.value = null
    const session = useSessionStore()
    try {
      const me = await session.ensureSignedIn()
      if (mine !== generation)
        return false
      if (!me) {
        // Leaving for the login (or the demo staff picker), unless signing in failed.
        if (session.status === 'error') {
          error.value = session.error ? toTodayError(session.error) : { title: '登录失败', message: '请重试。' }
          status.value = 'error'
        }
        return false
      }
      const response = await api.get<TodayTasks>('/api/tasks/today')
      if (mine !== generation)
        return false
      data.value = response
      loadedAt.value = Date.now()
      status.value = 'done'
      return true
    }
    catch (e) {
      if (mine !== generation)
        return false
      error.value = toTodayError(e)
      status.value = 'error'
      return false
    }
  }

  return { status, error, data, loadedAt, load }
})

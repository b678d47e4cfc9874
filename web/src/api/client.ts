import type { ErrorResponse } from '#contract/common.ts'

/** A failed API call. `status` 0 means the request never got an HTTP answer. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  constructor(
    readonly status: number,
    message: string,
    /** Machine-readable reason from the BFF, e.g. 'unknown_contact'. */
    readonly code?: string,
  ) {
    super(message)
  }
}

export type QueryValue = string | number | boolean | null | undefined
export type Query = Record<string, QueryValue>

export interface RequestOptions {
  signal?: AbortSignal
}

export const NETWORK_ERROR_MESSAGE = '无法连接服务器，请检查网络后重试'
const TIMEOUT_MESSAGE = '服务器响应超时，请稍后重试'
const REQUEST_TIMEOUT_MS = 15_000

type UnauthorizedHandler = (error: ApiError, path: string) => void
let onUnauthorized: UnauthorizedHandler | null = null

/**
 * Called for every 401 before the error is thrown; the session store uses it to send the user
 * to the WeCom login when a session expires mid-use.
 */
export function setUnauthorizedHandler(handler: UnauthorizedHandler | null): void {
  onUnauthorized = handler
}

/** `path?a=1&b=x`, leaving out empty values (the BFF treats a missing key as "no filter"). */
export function buildUrl(path: string, query?: Query): string {
  if (!query)
    return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '')
      continue
    params.append(key, String(value))
  }
  const search = params.toString()
  return search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path
}

function fallbackMessage(status: number): string {
  if (status === 401)
    return '登录已失效，请重新打开页面'
  if (status === 403)
    return '没有权限访问'
  if (status === 404)
    return '请求的内容不存在'
  if (status === 502 || status === 503 || status === 504)
    return '服务暂时不可用，请稍后重试'
  if (status >= 500)
    return '服务器出错了，请稍后重试'
  return `请求失败（${status}）`
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  return typeof body === 'object' && body !== null && typeof (body as ErrorResponse).message === 'string'
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text()
  if (!text)
    return undefined
  try {
    return JSON.parse(text)
  }
  catch (err) {
    // A proxy or gateway page (HTML) instead of the BFF's JSON: treat it as "no body".
    if (response.ok)
      throw new ApiError(response.status, '服务器返回了无法识别的数据')
    console.warn('[api] non-JSON error body', response.status, err)
    return undefined
  }
}

async function request<T>(method: 'GET' | 'POST', url: string, body: unknown, options: RequestOptions): Promise<T> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), REQUEST_TIMEOUT_MS)
  const abortFromCaller = () => controller.abort(options.signal?.reason)
  options.signal?.addEventListener('abort', abortFromCaller)

  const headers: Record<string, string> = { Accept: 'application/json' }
  // No content-type without a body: Fastify rejects an empty body declared as JSON.
  if (body !== undefined)
    headers['Content-Type'] = 'application/json'

  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    })
  }
  catch (err) {
    // The caller's own abort must stay an AbortError so stale requests can be ignored.
    if (options.signal?.aborted)
      throw err
    if (controller.signal.aborted)
      throw new ApiError(0, TIMEOUT_MESSAGE)
    console.warn('[api] fetch failed', url, err)
    throw new ApiError(0, NETWORK_ERROR_MESSAGE)
  }
  finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', abortFromCaller)
  }

  const data = await readJson(response)
  if (response.ok)
    return data as T
  const error = isErrorResponse(data)
    ? new ApiError(response.status, data.message || fallbackMessage(response.status), data.code)
    : new ApiError(response.status, fallbackMessage(response.status))
  if (response.status === 401)
    onUnauthorized?.(error, url)
  throw error
}

/** The BFF's JSON API. Same-origin cookies carry the session. */
export const api = {
  get<T>(path: string, query?: Query, options: RequestOptions = {}): Promise<T> {
    return request<T>('GET', buildUrl(path, query), undefined, options)
  },
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return request<T>('POST', path, body, options)
  },
}

import { vi } from 'vitest'

export interface StubbedCall {
  method: string
  url: URL
  body: unknown
  headers: Record<string, string>
}

type Route = (call: StubbedCall) => { status?: number, body?: unknown } | undefined

/**
 * Replaces global fetch with a tiny router over `routes` ("GET /api/me" → handler) and records
 * every call. Unmatched requests answer 404 in the BFF's error shape.
 */
export function stubFetch(routes: Record<string, Route | { status?: number, body?: unknown }>) {
  const calls: StubbedCall[] = []
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost:3000')
    const method = (init.method ?? 'GET').toUpperCase()
    const call: StubbedCall = {
      method,
      url,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      headers: { ...(init.headers as Record<string, string> | undefined) },
    }
    calls.push(call)
    const route = routes[`${method} ${url.pathname}`]
    const answer = typeof route === 'function' ? route(call) : route
    if (!answer)
      return new Response(JSON.stringify({ statusCode: 404, error: 'Not Found', message: `no stub for ${method} ${url.pathname}` }), { status: 404 })
    const status = answer.status ?? 200
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status, headers: { 'content-type': 'application/json' } })
  })
  vi.stubGlobal('fetch', fetchMock)
  return { calls, fetchMock }
}

/**
 * The BFF's only door to the WeCom server API (qyapi): access token, JS-SDK tickets and the
 * OAuth code exchange, with the caching and retry rules WeCom asks for (wecom-tech.md §2.1, §3).
 */

/** Refresh this long before WeCom's own expiry, so a token is never used at its last second. */
const EXPIRY_MARGIN_S = 300
/** errcode -1 (系统繁忙): WeCom asks for at most 3 retries. */
const MAX_BUSY_RETRIES = 3
const REQUEST_TIMEOUT_MS = 10_000
const TOKEN_ERRCODES = new Set([40014, 42001])
const INVALID_CODE_ERRCODE = 40029

/** Anything the WeCom boundary throws; plugins/errors.ts answers it with 502 unless a subclass says otherwise. */
export class WecomError extends Error {}

/** WeCom answered with a non-zero errcode. */
export class WecomApiError extends WecomError {
  constructor(readonly path: string, readonly errcode: number, readonly errmsg: string) {
    super(`WeCom ${path} answered errcode ${errcode}: ${errmsg}`)
    this.name = 'WecomApiError'
  }
}

/** WeCom could not be reached, or its answer was not the JSON it documents. */
export class WecomTransportError extends WecomError {
  constructor(readonly path: string, detail: string, options?: ErrorOptions) {
    super(`WeCom ${path} transport failed: ${detail}`, options)
    this.name = 'WecomTransportError'
  }
}

/** The OAuth code did not identify a member: answered 4xx, not 502 (plugins/errors.ts). */
export class WecomOAuthError extends WecomError {
  constructor(readonly reason: 'invalid-code' | 'not-member', message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'WecomOAuthError'
  }
}

export interface WecomApiClientOptions {
  corpId: string
  secret: string
  agentId: string
  /** e.g. https://qyapi.weixin.qq.com, without a trailing slash. */
  apiBase: string
  /** Current time in ms; decides when cached tokens and tickets expire. */
  now: () => number
  fetch: typeof globalThis.fetch
  /** First backoff after errcode -1, doubled per retry. */
  busyRetryDelayMs?: number
}

type WecomBody = Record<string, unknown>

/** A department as department/list returns it (fields we use). */
export interface WecomDepartment { id: number, name?: string, parentid: number, order?: number, department_leader?: string[] }

/** A member as user/list and user/get return them (fields we use); status 1 = active. */
export interface WecomMember {
  userid: string
  name?: string
  department: number[]
  is_leader_in_dept?: number[]
  main_department?: number
  position?: string
  status?: number
}

/**
 * One client per app (corpId + secret): the access token belongs to the app, and so does the
 * agent ticket. Tokens and tickets are cached until their `expires_in` minus a margin, and
 * concurrent callers share one in-flight fetch — WeCom allows only 100 ticket fetches per hour.
 */
export class WecomApiClient {
  readonly corpId: string
  readonly agentId: string
  private readonly secret: string
  private readonly apiBase: string
  private readonly fetchImpl: typeof globalThis.fetch
  private readonly busyRetryDelayMs: number
  private readonly token: ExpiringValue
  private readonly corpTicket: ExpiringValue
  private readonly agentTicket: ExpiringValue

  constructor(opts: WecomApiClientOptions) {
    this.corpId = opts.corpId
    this.agentId = opts.agentId
    this.secret = opts.secret
    this.apiBase = opts.apiBase.replace(/\/$/, '')
    this.fetchImpl = opts.fetch
    this.busyRetryDelayMs = opts.busyRetryDelayMs ?? 200
    this.token = new ExpiringValue(opts.now, () => this.fetchToken())
    this.corpTicket = new ExpiringValue(opts.now, () => this.fetchTicket('/cgi-bin/get_jsapi_ticket', {}))
    this.agentTicket = new ExpiringValue(opts.now, () => this.fetchTicket('/cgi-bin/ticket/get', { type: 'agent_config' }))
  }

  /** The cached access token, fetched when missing or about to expire. */
  getAccessToken(): Promise<string> {
    return this.token.get()
  }

  /** The corp (企业) jsapi_ticket: signs `wx.config` / `getConfigSignature`. */
  getCorpJsapiTicket(): Promise<string> {
    return this.corpTicket.get()
  }

  /** The app (应用) jsapi_ticket: signs `agentConfig` / `getAgentConfigSignature`. */
  getAgentJsapiTicket(): Promise<string> {
    return this.agentTicket.get()
  }

  /**
   * Exchanges a snsapi_base OAuth code for the member's userid.
   * @throws WecomOAuthError when the code is invalid/used (40029) or belongs to a non-member.
   */
  async getUserInfoByCode(code: string): Promise<{ userId: string }> {
    let body: WecomBody
    try {
      body = await this.call('/cgi-bin/auth/getuserinfo', { code })
    }
    catch (err) {
      if (err instanceof WecomApiError && err.errcode === INVALID_CODE_ERRCODE)
        throw new WecomOAuthError('invalid-code', 'The OAuth code is invalid, expired or already used', { cause: err })
      throw err
    }
    // Members come back with `userid`; anyone else only with `openid` / `external_userid`.
    if (typeof body.userid === 'string' && body.userid !== '')
      return { userId: body.userid }
    throw new WecomOAuthError('not-member', 'The OAuth code belongs to someone who is not a member of this corp')
  }

  /**
   * Sends a text app message (应用消息) to one member, from this app: POST /cgi-bin/message/send.
   * WeCom answers errcode 0 with the recipient in `invaliduser` when it could not deliver to them.
   * @returns WeCom's msgid
   * @throws WecomApiError (81013 when the recipient is invalid), WecomTransportError
   */
  async sendAppText(toUserId: string, content: string): Promise<string> {
    const path = '/cgi-bin/message/send'
    const body = await this.callPost(path, { touser: toUserId, msgtype: 'text', agentid: Number(this.agentId), text: { content }, safe: 0 })
    const invalid = typeof body.invaliduser === 'string' ? body.invaliduser.split('|').filter(Boolean) : []
    if (invalid.includes(toUserId))
      throw new WecomApiError(path, 81013, `invaliduser ${toUserId}`)
    return typeof body.msgid === 'string' ? body.msgid : ''
  }

  /**
   * The departments the app can see (GET /cgi-bin/department/list): id, parent, leaders. Apps
   * created after mid-2022 may get no `name` (the admin console still shows it).
   */
  async listDepartments(): Promise<WecomDepartment[]> {
    const body = await this.call('/cgi-bin/department/list')
    return Array.isArray(body.department) ? body.department as WecomDepartment[] : []
  }

  /** The members directly in one department (GET /cgi-bin/user/list), with is_leader_in_dept. */
  async listDepartmentMembers(departmentId: number): Promise<WecomMember[]> {
    const body = await this.call('/cgi-bin/user/list', { department_id: String(departmentId) })
    return Array.isArray(body.userlist) ? body.userlist as WecomMember[] : []
  }

  /** Like `call`, for the APIs that take a JSON body. Not retried on -1: a send must not go out twice. */
  async callPost(path: string, payload: Record<string, unknown>): Promise<WecomBody> {
    for (let attempt = 0; ; attempt++) {
      const accessToken = await this.token.get()
      const body = await this.request(path, { access_token: accessToken }, payload)
      if (TOKEN_ERRCODES.has(errcodeOf(body)) && attempt === 0) {
        this.token.invalidate(accessToken)
        continue
      }
      return ensureOk(path, body)
    }
  }

  /**
   * Calls a GET API with the access token added. On 40014/42001 the token is dropped, refetched
   * and the call retried once; -1 is retried with backoff; any other non-zero errcode throws.
   * @throws WecomApiError, WecomTransportError
   */
  async call(path: string, query: Record<string, string> = {}): Promise<WecomBody> {
    for (let attempt = 0; ; attempt++) {
      const accessToken = await this.token.get()
      const body = await this.requestRetryingBusy(path, { ...query, access_token: accessToken })
      const errcode = errcodeOf(body)
      if (TOKEN_ERRCODES.has(errcode) && attempt === 0) {
        this.token.invalidate(accessToken)
        continue
      }
      return ensureOk(path, body)
    }
  }

  private async fetchToken(): Promise<Expiring> {
    const path = '/cgi-bin/gettoken'
    const body = ensureOk(path, await this.requestRetryingBusy(path, { corpid: this.corpId, corpsecret: this.secret }))
    return { value: requireString(path, body, 'access_token'), expiresInS: requireNumber(path, body, 'expires_in') }
  }

  private async fetchTicket(path: string, query: Record<string, string>): Promise<Expiring> {
    const body = await this.call(path, query)
    return { value: requireString(path, body, 'ticket'), expiresInS: requireNumber(path, body, 'expires_in') }
  }

  private async requestRetryingBusy(path: string, query: Record<string, string>): Promise<WecomBody> {
    for (let retry = 0; ; retry++) {
      const body = await this.request(path, query)
      if (errcodeOf(body) !== -1 || retry >= MAX_BUSY_RETRIES)
        return body
      await sleep(this.busyRetryDelayMs * 2 ** retry)
    }
  }

  private async request(path: string, query: Record<string, string>, payload?: Record<string, unknown>): Promise<WecomBody> {
    // The query carries the secret or the token: never put this URL in an error or a log line.
    const url = `${this.apiBase}${path}?${new URLSearchParams(query)}`
    let res: Response
    try {
      const init: RequestInit = payload
        ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }
        : { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }
      res = await this.fetchImpl(url, init)
    }
    catch (err) {
      throw new WecomTransportError(path, err instanceof Error ? err.message : String(err), { cause: err })
    }
    if (!res.ok)
      throw new WecomTransportError(path, `HTTP ${res.status}`)
    let body: unknown
    try {
      body = await res.json()
    }
    catch (err) {
      throw new WecomTransportError(path, 'the answer is not JSON', { cause: err })
    }
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw new WecomTransportError(path, 'the answer is not a JSON object')
    return body as WecomBody
  }
}

interface Expiring { value: string, expiresInS: number }

/** A string that expires, refreshed on demand by one shared in-flight load. */
class ExpiringValue {
  private cached: { value: string, expiresAt: number } | null = null
  private inflight: Promise<string> | null = null

  constructor(private readonly now: () => number, private readonly load: () => Promise<Expiring>) {}

  get(): Promise<string> {
    if (this.cached && this.now() < this.cached.expiresAt)
      return Promise.resolve(this.cached.value)
    this.inflight ??= this.load()
      .then(({ value, expiresInS }) => {
        this.cached = { value, expiresAt: this.now() + usableLifetimeS(expiresInS) * 1000 }
        return value
      })
      .finally(() => { this.inflight = null })
    return this.inflight
  }

  /** Drops the value only if it is still the one that failed, so a fresh one survives a late caller. */
  invalidate(value: string): void {
    if (this.cached?.value === value)
      this.cached = null
  }
}

function usableLifetimeS(expiresInS: number): number {
  return expiresInS > 2 * EXPIRY_MARGIN_S ? expiresInS - EXPIRY_MARGIN_S : expiresInS / 2
}

function errcodeOf(body: WecomBody): number {
  // Some success answers (older APIs) omit errcode altogether.
  return typeof body.errcode === 'number' ? body.errcode : 0
}

function ensureOk(path: string, body: WecomBody): WecomBody {
  const errcode = errcodeOf(body)
  if (errcode !== 0)
    throw new WecomApiError(path, errcode, typeof body.errmsg === 'string' ? body.errmsg : '')
  return body
}

function requireString(path: string, body: WecomBody, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '')
    throw new WecomTransportError(path, `the answer has no ${key}`)
  return value
}

function requireNumber(path: string, body: WecomBody, key: string): number {
  const value = body[key]
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new WecomTransportError(path, `the answer has no valid ${key}`)
  return value
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

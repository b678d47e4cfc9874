import { isIP } from 'node:net'
import { fileURLToPath } from 'node:url'
import { type Static, Type } from 'typebox'
import { Value } from 'typebox/value'

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  /** Default: 127.0.0.1 in demo mode (no WECOM_CORP_ID), 0.0.0.0 with WeCom configured. */
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  /** Behind a load balancer or reverse proxy: a hop count ('1'), or its addresses/CIDRs, comma-separated. Unset: X-Forwarded-* are ignored. */
  TRUST_PROXY: Type.Optional(Type.String({ minLength: 1 })),
  /** Demo mode refuses /api/ingest/* and /api/wecom/callback unless this is '1' (benchmarks, local trials). */
  DEMO_ALLOW_INGEST: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
  DATABASE_PATH: Type.String({ minLength: 1, default: fileURLToPath(new URL('../data/sidebar.db', import.meta.url)) }),
  WECOM_CORP_ID: Type.Optional(Type.String({ minLength: 1 })),
  WECOM_AGENT_ID: Type.Optional(Type.String({ minLength: 1 })),
  WECOM_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  /** Overridable so tests can point the BFF at a local fake WeCom server. */
  WECOM_API_BASE: Type.String({ default: 'https://qyapi.weixin.qq.com' }),
  WECOM_OAUTH_BASE: Type.String({ default: 'https://open.weixin.qq.com' }),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 16 })),
  /** Do not fill an empty database with the demo brand (never filled with WeCom configured anyway). */
  NO_DEMO_SEED: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')])),
  LOG_LEVEL: Type.String({ default: 'info' }),
  /** Start the clock at this instant (ISO 8601) and let it run from there: browser tests and demos at a chosen time. */
  CLOCK_START: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T' })),
  /** Minutes between full recomputes of journey stages and SOP tasks; 0 turns the schedule off. */
  JOURNEY_RECOMPUTE_MINUTES: Type.Integer({ minimum: 0, maximum: 1440, default: 10 }),
  /** Hours between syncs of departments, members and leaders from WeCom (also at start); 0 = start only. */
  WECOM_ORG_SYNC_HOURS: Type.Integer({ minimum: 0, maximum: 168, default: 6 }),
  /** WeCom userids (comma-separated) who supervise every department, on top of the department leaders. */
  SUPERVISOR_ADMINS: Type.String({ default: '' }),
  /** Working hours (09:00–21:00 China time) within which a customer's message must be answered. */
  SERVICE_REPLY_HOURS: Type.Number({ exclusiveMinimum: 0, maximum: 72, default: 2 }),
  /** Bearer token the brand's systems send to /api/ingest/*; unset: ingestion is off (503). */
  INGEST_TOKEN: Type.Optional(Type.String({ minLength: 16 })),
  /** The callback 'Token' and 'EncodingAESKey' set in the WeCom admin for /api/wecom/callback. */
  WECOM_CALLBACK_TOKEN: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  WECOM_CALLBACK_AES_KEY: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9]{43}$' })),
  /** Full phone numbers a member may see a China calendar day (查看 and whole-number searches). */
  PHONE_REVEAL_DAILY_LIMIT: Type.Integer({ minimum: 1, maximum: 10000, default: 50 }),
  /** Origins (comma-separated, e.g. https://admin.example.com) besides the app's own that may POST with a session. */
  ALLOWED_ORIGINS: Type.String({ default: '' }),
  /** Requests a minute one address may make to each anonymous route (sign-in, OAuth, JS-SDK signatures); 0 = no limit. */
  ANON_RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 120 }),
})

export interface WecomConfig {
  corpId: string
  agentId: string
  secret: string
  apiBase: string
  oauthBase: string
}

export interface AppConfig {
  port: number
  host: string
  databasePath: string
  /** null means demo mode: no real corp, the WeCom client is emulated in the browser. */
  wecom: WecomConfig | null
  sessionSecret: string
  seedDemo: boolean
  logLevel: string
  /** Where the built web app lives; null when the BFF runs API-only (unit tests). */
  webDist: string | null
  /** When set, the app's clock starts here instead of at the real time. */
  clockStart: number | null
  /** Minutes between full journey recomputes; 0 = never (tests, benchmarks). */
  journeyRecomputeMinutes: number
  /** Hours between WeCom org syncs; 0 = at start only. Unused in demo mode. */
  orgSyncHours?: number
  /** Bearer token for /api/ingest/*; null turns ingestion off. */
  ingestToken?: string | null
  /** WeCom callback Token and EncodingAESKey; null: /api/wecom/callback answers 503. */
  wecomCallback?: { token: string, aesKey: string } | null
  /** Full phone numbers a member may see a China calendar day; 50 when unset. */
  phoneRevealDailyLimit?: number
  /** Supervisor settings (issue 5): who sees every department, and the reply deadline. */
  supervisor: SupervisorConfig
  /**
   * Fastify's trustProxy: whom to believe about the client's address and protocol
   * (X-Forwarded-For/-Proto/-Host). false (the default) believes no one: request.ip is the peer.
   */
  trustProxy?: TrustProxy
  /** Demo mode only: accept ingest and WeCom callbacks anyway (benchmarks). Ignored with WeCom configured. */
  demoAllowIngest?: boolean
  /** Origins besides the app's own allowed to send cookie-authorized state-changing requests. */
  allowedOrigins?: string[]
  /** Per address, per anonymous route, per minute; 0 = no limit. Omitted: no limit (tests). */
  anonRateLimitPerMinute?: number
}

/** A hop count, or the proxies' addresses and CIDRs (or proxy-addr's names: loopback, linklocal, uniquelocal). */
export type TrustProxy = false | number | string[]

export interface SupervisorConfig {
  /** WeCom userids who see every department. */
  admins: string[]
  /** A customer's message unanswered for this many working hours is an alert. */
  serviceReplyHours: number
}

export class ConfigError extends Error {}

// Demo sessions only guard demo data; a real corp must bring its own secret.
const DEMO_SESSION_SECRET = 'demo-session-secret-not-for-production'

/** Parses the environment once; the result is passed in, never read from globals later. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.keys(EnvSchema.properties).filter(k => env[k] !== undefined && env[k] !== '').map(k => [k, env[k]]))
  const withDefaults = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw))
  if (!Value.Check(EnvSchema, withDefaults)) {
    const problems = [...Value.Errors(EnvSchema, withDefaults)].map(e => `${e.instancePath.slice(1) || 'env'} ${e.message}`)
    throw new ConfigError(`Invalid environment: ${problems.join('; ')}`)
  }
  const e = withDefaults as Static<typeof EnvSchema>
  let wecom: WecomConfig | null = null
  if (e.WECOM_CORP_ID) {
    const missing = (['WECOM_AGENT_ID', 'WECOM_SECRET', 'SESSION_SECRET'] as const).filter(k => !e[k])
    if (missing.length)
      throw new ConfigError(`WECOM_CORP_ID is set, so ${missing.join(', ')} must be set too`)
    wecom = { corpId: e.WECOM_CORP_ID, agentId: e.WECOM_AGENT_ID!, secret: e.WECOM_SECRET!, apiBase: e.WECOM_API_BASE.replace(/\/$/, ''), oauthBase: e.WECOM_OAUTH_BASE.replace(/\/$/, '') }
  }
  return {
    port: e.PORT,
    // Demo mode has demo sign-in (anyone picks anyone) and a well-known session secret: it stays
    // on this machine unless HOST says otherwise.
    host: e.HOST ?? (wecom ? '0.0.0.0' : '127.0.0.1'),
    databasePath: e.DATABASE_PATH,
    wecom,
    sessionSecret: e.SESSION_SECRET ?? DEMO_SESSION_SECRET,
    // A real corp's database never gets the demo brand, whatever NO_DEMO_SEED says.
    seedDemo: !wecom && !(e.NO_DEMO_SEED === '1' || e.NO_DEMO_SEED === 'true'),
    logLevel: e.LOG_LEVEL,
    webDist: fileURLToPath(new URL('../dist/web', import.meta.url)),
    journeyRecomputeMinutes: e.JOURNEY_RECOMPUTE_MINUTES,
    orgSyncHours: e.WECOM_ORG_SYNC_HOURS,
    clockStart: parseClockStart(e.CLOCK_START),
    supervisor: { admins: e.SUPERVISOR_ADMINS.split(',').map(s => s.trim()).filter(Boolean), serviceReplyHours: e.SERVICE_REPLY_HOURS },
    ingestToken: e.INGEST_TOKEN ?? null,
    wecomCallback: parseCallback(e.WECOM_CALLBACK_TOKEN, e.WECOM_CALLBACK_AES_KEY),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    demoAllowIngest: e.DEMO_ALLOW_INGEST === '1' || e.DEMO_ALLOW_INGEST === 'true',
    phoneRevealDailyLimit: e.PHONE_REVEAL_DAILY_LIMIT,
    allowedOrigins: parseAllowedOrigins(e.ALLOWED_ORIGINS),
    anonRateLimitPerMinute: e.ANON_RATE_LIMIT_PER_MINUTE,
  }
}

/** Each entry an http(s) origin, nothing more: a path or a typo would silently never match. */
function parseAllowedOrigins(value: string): string[] {
  return value.split(',').map(s => s.trim()).filter(Boolean).map((entry) => {
    const url = URL.parse(entry)
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username)
      throw new ConfigError(`ALLOWED_ORIGINS: "${entry}" is not an origin such as https://admin.example.com (scheme and host, no path)`)
    return url.origin
  })
}

function parseClockStart(value: string | undefined): number | null {
  if (!value)
    return null
  const at = Date.parse(value)
  if (Number.isNaN(at))
    throw new ConfigError(`CLOCK_START must be an ISO 8601 time such as 2026-11-20T10:00:00+08:00, got "${value}"`)
  return at
}

const PROXY_ADDR_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal'])

/**
 * TRUST_PROXY: '1' (hops) or '10.0.0.5, 10.1.0.0/16'. 'true' is refused on purpose: it would
 * trust whatever X-Forwarded-For a client makes up, which is what this setting exists to avoid.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value.trim() === '')
    return false
  if (/^\d+$/.test(value.trim())) {
    const hops = Number(value.trim())
    return hops === 0 ? false : hops
  }
  const entries = value.split(',').map(s => s.trim()).filter(Boolean)
  const bad = entries.filter(entry => !isProxyAddress(entry))
  if (bad.length || entries.length === 0)
    throw new ConfigError(`TRUST_PROXY must be a hop count such as 1, or the proxies' addresses or CIDRs separated by commas (10.0.0.5,10.1.0.0/16); not "${bad.join(', ') || value}"`)
  return entries
}

function isProxyAddress(entry: string): boolean {
  if (PROXY_ADDR_NAMES.has(entry))
    return true
  const [address = '', prefix, ...rest] = entry.split('/')
  const family = isIP(address)
  if (!family || rest.length)
    return false
  if (prefix === undefined)
    return true
  // proxy-addr also takes a netmask after the slash (10.0.0.0/255.0.0.0).
  if (isIP(prefix) === family)
    return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

function parseCallback(token: string | undefined, aesKey: string | undefined): AppConfig['wecomCallback'] {
  if (!token && !aesKey)
    return null
  if (!token || !aesKey)
    throw new ConfigError('WECOM_CALLBACK_TOKEN and WECOM_CALLBACK_AES_KEY go together: set both (the Token and EncodingAESKey of the app\'s API receive settings) or neither')
  return { token, aesKey }
}

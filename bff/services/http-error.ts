/**
 * Errors that carry their HTTP answer. Services and routes throw them; `plugins/errors.ts` is
 * the only place that turns them (and WeCom's errors) into a reply. Their message reaches the
 * client as it is, whatever the status, and `code` reaches the JSON body for UIs that must tell
 * cases apart.
 */
export class HttpError extends Error {
  constructor(readonly statusCode: number, message: string, readonly code?: string, options?: ErrorOptions) {
    super(message, options)
    this.name = 'HttpError'
  }
}

/** The client asked for something it cannot have. `reason` is the body's `code`. */
export class ClientError extends HttpError {
  readonly reason?: string
  constructor(statusCode: 400 | 403 | 404 | 409 | 413 | 422 | 429, message: string, reason?: string) {
    super(statusCode, message, reason)
    this.reason = reason
    this.name = 'ClientError'
  }
}

/** No (valid) session or token: 401. */
export class UnauthorizedError extends HttpError {
  constructor(message: string, code?: string) {
    super(401, message, code)
    this.name = 'UnauthorizedError'
  }
}

/** A feature the operator has not turned on: 503, the message naming the setting that turns it on. */
export class ServiceOffError extends HttpError {
  constructor(message: string, code: string) {
    super(503, message, code)
    this.name = 'ServiceOffError'
  }
}

/**
 * Demo mode (no WECOM_CORP_ID) refuses data from outside: 503 `demo_mode`, naming the settings.
 * One message for ingest and callbacks so operators see the same answer wherever they look.
 */
export class DemoModeError extends ServiceOffError {
  constructor(what: string) {
    super(`${what} are refused in demo mode: set WECOM_CORP_ID (a real corp), or DEMO_ALLOW_INGEST=1 to feed demo data on purpose`, 'demo_mode')
    this.name = 'DemoModeError'
  }
}

/** A service this one depends on failed (WeCom): 502, the message saying what an operator can check. */
export class BadGatewayError extends HttpError {
  constructor(message: string, options?: ErrorOptions) {
    super(502, message, undefined, options)
    this.name = 'BadGatewayError'
  }
}

import { ApiError } from '../api/client'

export type WecomErrorCode
  = | 'signature' // signature or app permission rejected (invalid signature, no permission…)
    | 'domain' // page not on a trusted domain
    | 'no_context' // the page was not opened from an entry that allows the API
    | 'cancelled' // the user cancelled (e.g. a send confirmation)
    | 'unsupported' // WeCom client too old for the API
    | 'timeout' // no answer: usually not running inside WeCom
    | 'not_in_wecom' // plain browser and no emulator
    | 'network' // the signature could not be fetched from the BFF
    | 'unknown'

const SIGNATURE_FAILED_MESSAGE = '企业微信签名校验失败'

/** A failed JS-SDK call, with a message for the user and the raw SDK result for the logs. */
export class WecomError extends Error {
  override readonly name = 'WecomError'
  constructor(
    readonly code: WecomErrorCode,
    message: string,
    /** The SDK's `errMsg`, e.g. 'getCurExternalContact:fail no permission'. */
    readonly errMsg?: string,
    readonly errCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}

interface SdkResult { errMsg: string, errCode?: number }

function isSdkResult(value: unknown): value is SdkResult {
  return typeof value === 'object' && value !== null && typeof (value as SdkResult).errMsg === 'string'
}

function classify(errMsg: string): { code: WecomErrorCode, message: string } {
  const keyword = errMsg.slice(errMsg.indexOf(':') + 1).toLowerCase()
  if (keyword.includes('invalid signature') || keyword.includes('permission') || keyword.includes('offline verifying'))
    return { code: 'signature', message: SIGNATURE_FAILED_MESSAGE }
  if (keyword.includes('invalid url domain'))
    return { code: 'domain', message: '当前域名不是企业微信应用的可信域名' }
  if (keyword.includes('without context'))
    return { code: 'no_context', message: '当前入口无法获取聊天对象，请从聊天工具栏打开' }
  if (keyword === 'cancel')
    return { code: 'cancelled', message: '已取消' }
  if (keyword.includes('function not exist'))
    return { code: 'unsupported', message: '当前企业微信版本过低，请升级后重试' }
  return { code: 'unknown', message: `企业微信接口调用失败（${errMsg}）` }
}

/**
 * Turns whatever an SDK call rejected with into a WecomError. The SDK rejects with plain
 * `{errMsg, errCode}` objects, not Errors; config problems surface as SDK Errors or as the
 * ApiError our signature function threw.
 */
function toWecomError(err: unknown): WecomError {
  if (err instanceof WecomError)
    return err
  if (isSdkResult(err)) {
    const { code, message } = classify(err.errMsg)
    return new WecomError(code, message, err.errMsg, err.errCode, { cause: err })
  }
  if (err instanceof ApiError)
    return new WecomError('network', `获取企业微信签名失败：${err.message}`, undefined, undefined, { cause: err })
  return new WecomError('unknown', '企业微信接口初始化失败', err instanceof Error ? err.message : String(err), undefined, { cause: err })
}

export const DEFAULT_SDK_TIMEOUT_MS = 8000

/**
 * Outside WeCom the SDK's promises never settle (it waits for a bridge that never comes), so
 * every call gets a deadline and every failure becomes a WecomError.
 */
export async function callWecom<T>(api: string, call: () => Promise<T>, timeoutMs = DEFAULT_SDK_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new WecomError('timeout', '企业微信没有响应，请确认在企业微信客户端中打开', `${api}:timeout`)), timeoutMs)
  })
  try {
    return await Promise.race([call(), deadline])
  }
  catch (err) {
    throw toWecomError(err)
  }
  finally {
    clearTimeout(timer)
  }
}

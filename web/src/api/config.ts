import type { AppConfig } from '#contract/auth.ts'
import { api } from './client'

let configPromise: Promise<AppConfig> | null = null

/**
 * `GET /api/config`, fetched once per page load and shared by the session store and the WeCom
 * loader. A failure is not cached, so a retry fetches again.
 */
export function loadAppConfig(): Promise<AppConfig> {
  configPromise ??= api.get<AppConfig>('/api/config').catch((err: unknown) => {
    configPromise = null
    throw err
  })
  return configPromise
}

import type { StaffSummary } from '#contract/auth.ts'
import { ApiError } from '@/api/client'
import { useSessionStore } from '@/stores/session'

/**
 * Signs in if needed, for a store about to load its data: resolves with the staff member, or
 * with null while the page is leaving for the WeCom login or the demo staff picker (show the
 * skeleton meanwhile). Rejects with why signing in failed, as an ApiError.
 */
export async function signedInStaff(): Promise<StaffSummary | null> {
  const session = useSessionStore()
  let me: StaffSummary | null
  try {
    me = await session.ensureSignedIn()
  }
  catch (e) {
    throw e instanceof ApiError ? e : new ApiError(0, e instanceof Error ? e.message : '', 'sign_in_failed')
  }
  if (!me && session.status === 'error')
    throw session.error ?? new ApiError(0, '', 'sign_in_failed')
  return me
}

/** `externalcontact/get`: a customer's WeCom profile and their relationships with our staff. */
import { SECOND } from '#rules/time-units.ts'
import type { WecomApiClient } from '../wecom-api.ts'

export interface ExternalContactProfile {
  name: string | null
  avatar: string | null
  /** 0 unknown, 1 male, 2 female. */
  gender: number
  unionId: string | null
  followUsers: Array<{
    userId: string
    remark: string | null
    description: string | null
    createdAt: number | null
    state: string | null
    addWay: number | null
    /** Corp tag ids (type 1) this member has put on the customer. */
    corpTagIds: string[]
  }>
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export async function fetchExternalContact(api: WecomApiClient, externalUserId: string): Promise<ExternalContactProfile> {
  const body = await api.call('/cgi-bin/externalcontact/get', { external_userid: externalUserId })
  const contact = (body.external_contact ?? {}) as Record<string, unknown>
  const follow = Array.isArray(body.follow_user) ? body.follow_user as Array<Record<string, unknown>> : []
  return {
    name: str(contact.name),
    avatar: str(contact.avatar),
    gender: num(contact.gender) ?? 0,
    unionId: str(contact.unionid),
    followUsers: follow.filter(f => typeof f.userid === 'string').map(f => ({
      userId: f.userid as string,
      remark: str(f.remark),
      description: str(f.description),
      createdAt: num(f.createtime) === null ? null : num(f.createtime)! * SECOND,
      state: str(f.state),
      addWay: num(f.add_way),
      corpTagIds: (Array.isArray(f.tags) ? f.tags as Array<Record<string, unknown>> : [])
        .filter(t => t.type === 1 && typeof t.tag_id === 'string').map(t => t.tag_id as string),
    })),
  }
}

/** `externalcontact/get`: a customer's WeCom profile and their relationships with our staff. */
import { Type } from 'typebox'
import { Value } from 'typebox/value'
import { SECOND } from '#rules/time-units.ts'
import { WecomTransportError, type WecomApiClient } from '../wecom-api.ts'

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

const PATH = '/cgi-bin/externalcontact/get'

/**
 * The fields of the answer we read (developer doc /92114); WeCom sends more, and any of these may
 * be missing. Personal tags (type 2) have no tag_id.
 */
const ExternalContactAnswer = Type.Object({
  external_contact: Type.Optional(Type.Object({
    name: Type.Optional(Type.String()),
    avatar: Type.Optional(Type.String()),
    gender: Type.Optional(Type.Number()),
    unionid: Type.Optional(Type.String()),
  })),
  follow_user: Type.Optional(Type.Array(Type.Object({
    userid: Type.Optional(Type.String()),
    remark: Type.Optional(Type.String()),
    description: Type.Optional(Type.String()),
    createtime: Type.Optional(Type.Number()),
    state: Type.Optional(Type.String()),
    add_way: Type.Optional(Type.Number()),
    tags: Type.Optional(Type.Array(Type.Object({ type: Type.Optional(Type.Number()), tag_id: Type.Optional(Type.String()) }))),
  }))),
})

/** WeCom sends '' for a field nobody filled in. */
const text = (v: string | undefined): string | null => v || null

/**
 * The customer's profile. Throws WecomTransportError, naming the first field that is off, when the
 * answer is not the shape WeCom documents.
 */
export async function fetchExternalContact(api: WecomApiClient, externalUserId: string): Promise<ExternalContactProfile> {
  const body = await api.call(PATH, { external_userid: externalUserId })
  if (!Value.Check(ExternalContactAnswer, body)) {
    const [first] = Value.Errors(ExternalContactAnswer, body)
    throw new WecomTransportError(PATH, `unexpected answer: ${first ? `${first.instancePath || '/'} ${first.message}` : 'not an object'}`)
  }
  const contact = body.external_contact ?? {}
  return {
    name: text(contact.name),
    avatar: text(contact.avatar),
    gender: contact.gender ?? 0,
    unionId: text(contact.unionid),
    followUsers: (body.follow_user ?? []).flatMap(f => f.userid === undefined
      ? []
      : [{
          userId: f.userid,
          remark: text(f.remark),
          description: text(f.description),
          createdAt: f.createtime === undefined ? null : f.createtime * SECOND,
          state: text(f.state),
          addWay: f.add_way ?? null,
          corpTagIds: (f.tags ?? []).flatMap(t => t.type === 1 && t.tag_id !== undefined ? [t.tag_id] : []),
        }]),
  }
}

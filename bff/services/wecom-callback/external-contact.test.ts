import { describe, expect, it } from 'vitest'
import { WecomTransportError, type WecomApiClient } from '../wecom-api.ts'
import { fetchExternalContact } from './external-contact.ts'

const answering = (body: Record<string, unknown>) => ({ call: async () => body }) as unknown as WecomApiClient

describe('fetchExternalContact', () => {
  it('should read the profile, with empty strings as null and only corp tags', async () => {
    const profile = await fetchExternalContact(answering({
      errcode: 0,
      external_contact: { external_userid: 'wmA', name: '林女士', avatar: '', type: 1, gender: 2, unionid: 'u1' },
      follow_user: [
        { userid: 'zhangli', remark: '', createtime: 1_700_000_000, add_way: 1, state: 's1', tags: [{ group_name: 'g', tag_name: 't', tag_id: 'et1', type: 1 }, { group_name: 'g', tag_name: 'mine', type: 2 }] },
        { remark: 'no userid' },
      ],
    }), 'wmA')
    expect(profile).toEqual({
      name: '林女士',
      avatar: null,
      gender: 2,
      unionId: 'u1',
      followUsers: [{ userId: 'zhangli', remark: null, description: null, createdAt: 1_700_000_000_000, state: 's1', addWay: 1, corpTagIds: ['et1'] }],
    })
  })

  it('should throw naming the field when the answer is not the documented shape', async () => {
    const bad = fetchExternalContact(answering({ errcode: 0, external_contact: { name: 42 }, follow_user: [] }), 'wmA')
    await expect(bad).rejects.toThrow(WecomTransportError)
    await expect(bad).rejects.toThrow(/external_contact\/name/)
  })
})

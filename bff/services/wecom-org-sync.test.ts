import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type FakeOrg, startFakeWecom, type FakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import { type DbHandle, openDatabase } from '#db/client.ts'
import { insertDepartment, insertStaff } from '../test/fixtures.ts'
import { WecomApiClient } from './wecom-api.ts'
import { syncOrg } from './wecom-org-sync.ts'

const CORP = { corpId: 'wwtest0000000001', secret: 'test-app-secret', agentId: '1000002' }

const ORG: FakeOrg = {
  // A child listed before its parent, as WeCom may.
  departments: [
    { id: 3, name: '华东一组', parentid: 2 },
    { id: 1, name: '总部', parentid: 0 },
    { id: 2, name: '华东区', parentid: 1, department_leader: ['lead'] },
  ],
  members: [
    { userid: 'lead', name: '区经理', department: [2], is_leader_in_dept: [1], main_department: 2, position: '区域经理', status: 1 },
    { userid: 'teamlead', name: '组长', department: [3, 2], is_leader_in_dept: [1, 0], main_department: 3, status: 1 },
    { userid: 'amy', name: '艾米', department: [3], is_leader_in_dept: [0], status: 1 },
    { userid: 'new', name: '新人', department: [3], status: 4 },
  ],
}

describe('WeCom org sync', () => {
  let fake: FakeWecom
  let h: DbHandle
  let api: WecomApiClient
  beforeEach(async () => {
    fake = await startFakeWecom(CORP)
    h = openDatabase(':memory:')
    api = new WecomApiClient({ ...CORP, apiBase: fake.url, now: Date.now, fetch: globalThis.fetch })
  })
  afterEach(async () => {
    h.close()
    await fake.close()
  })

  const departments = () => h.sqlite.prepare(`select d.name, d.wecom_department_id as wecomId, p.name as parent from departments d
    left join departments p on p.id = d.parent_id order by d.wecom_department_id`).all()
  const staff = () => h.sqlite.prepare(`select s.user_id as userId, s.name, s.position, d.name as department, s.role, s.active from staff s
    join departments d on d.id = s.department_id order by s.user_id`).all()
  const leaders = () => h.sqlite.prepare(`select d.name as department, s.user_id as userId from department_leaders l
    join departments d on d.id = l.department_id join staff s on s.id = l.staff_id order by d.wecom_department_id, s.user_id`).all()

  it('should bring in the department tree, the members in their main department, and who leads what', async () => {
    fake.setOrg(ORG)
    expect(await syncOrg(h.db, api)).toEqual({ departments: 3, departmentsAdded: 3, staffAdded: 4, staffUpdated: 0, staffDeactivated: 0, leaders: 2 })
    expect(departments()).toEqual([
      { name: '总部', wecomId: 1, parent: null },
      { name: '华东区', wecomId: 2, parent: '总部' },
      { name: '华东一组', wecomId: 3, parent: '华东区' },
    ])
    expect(staff()).toEqual([
      { userId: 'amy', name: '艾米', position: null, department: '华东一组', role: 'staff', active: 1 },
      { userId: 'lead', name: '区经理', position: '区域经理', department: '华东区', role: 'supervisor', active: 1 },
      // Not yet activated in WeCom: known, but cannot sign in.
      { userId: 'new', name: '新人', position: null, department: '华东一组', role: 'staff', active: 0 },
      { userId: 'teamlead', name: '组长', position: null, department: '华东一组', role: 'supervisor', active: 1 },
    ])
    expect(leaders()).toEqual([{ department: '华东区', userId: 'lead' }, { department: '华东一组', userId: 'teamlead' }])
  })

  it('should change nothing when run again on the same organisation', async () => {
    fake.setOrg(ORG)
    await syncOrg(h.db, api)
    const before = { d: departments(), s: staff(), l: leaders() }
    expect(await syncOrg(h.db, api)).toEqual({ departments: 3, departmentsAdded: 0, staffAdded: 0, staffUpdated: 0, staffDeactivated: 0, leaders: 2 })
    expect({ d: departments(), s: staff(), l: leaders() }).toEqual(before)
  })

  it('should follow moves, new leaders and leavers, and keep a name WeCom stops sending', async () => {
    fake.setOrg(ORG)
    await syncOrg(h.db, api)
    fake.setOrg({
      departments: [...ORG.departments.filter(d => d.id !== 2), { id: 2, name: '华东大区', parentid: 1 }],
      members: [
        { userid: 'lead', department: [2], is_leader_in_dept: [0], status: 1 },
        { userid: 'amy', name: '艾米', department: [3], is_leader_in_dept: [1], status: 1 },
        { userid: 'new', name: '新人', department: [3], status: 1 },
      ],
    })
    expect(await syncOrg(h.db, api)).toMatchObject({ staffUpdated: 3, staffDeactivated: 1, leaders: 1 })
    expect(staff()).toEqual([
      { userId: 'amy', name: '艾米', position: null, department: '华东一组', role: 'supervisor', active: 1 },
      { userId: 'lead', name: '区经理', position: null, department: '华东大区', role: 'staff', active: 1 },
      { userId: 'new', name: '新人', position: null, department: '华东一组', role: 'staff', active: 1 },
      { userId: 'teamlead', name: '组长', position: null, department: '华东一组', role: 'supervisor', active: 0 },
    ])
    expect(leaders()).toEqual([{ department: '华东一组', userId: 'amy' }])
  })

  it('should leave the rows WeCom does not own alone (the demo brand, hand-made staff)', async () => {
    const local = insertDepartment(h.db, '演示部门')
    insertStaff(h.db, local.id, 'demo1', '演示成员')
    fake.setOrg(ORG)
    expect(await syncOrg(h.db, api)).toMatchObject({ staffDeactivated: 0 })
    expect(staff()).toContainEqual({ userId: 'demo1', name: '演示成员', position: null, department: '演示部门', role: 'staff', active: 1 })
  })

  it('should write nothing when WeCom fails halfway', async () => {
    fake.setOrg(ORG)
    fake.failNext('/cgi-bin/user/list', 60011)
    await expect(syncOrg(h.db, api)).rejects.toThrow()
    expect(departments()).toEqual([])
    expect(staff()).toEqual([])
  })
})

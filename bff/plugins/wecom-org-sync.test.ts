import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { startFakeWecom } from '../../e2e/fixtures/fake-wecom-server.ts'
import { openDatabase } from '#db/client.ts'
import { MINUTE } from '../engine/rules/time-units.ts'
import { releaseLease, tryAcquireLease } from '../services/job-lease.ts'
import { buildTestApp } from '../test/build-test-app.ts'

const CORP = { corpId: 'wwtest0000000001', secret: 'test-app-secret', agentId: '1000002' }

describe('the org sync in two processes sharing one database', () => {
  it('should skip while another process holds the wecom-org-sync lease, and run once it is released', async () => {
    const fake = await startFakeWecom(CORP)
    fake.setOrg({ departments: [{ id: 1, name: '总部', parentid: 0 }], members: [{ userid: 'amy', name: '艾米', department: [1], status: 1 }] })
    const dir = mkdtempSync(join(tmpdir(), 'org-sync-'))
    const other = openDatabase(join(dir, 'db.sqlite'))
    expect(tryAcquireLease(other.db, 'wecom-org-sync', 'other-process', MINUTE, Date.now())).toBe(true)
    const built = await buildTestApp({ wecom: { ...CORP, apiBase: fake.url, oauthBase: fake.url } }, { handle: openDatabase(join(dir, 'db.sqlite')) })
    try {
      await built.app.ready()
      expect(await built.app.orgSync!.run()).toBeNull()
      expect(fake.calls['/cgi-bin/department/list']).toBeUndefined()
      releaseLease(other.db, 'wecom-org-sync', 'other-process')
      expect(await built.app.orgSync!.run()).toMatchObject({ departmentsAdded: 1, staffAdded: 1 })
      expect(other.sqlite.prepare('select count(*) from job_leases').pluck().get()).toBe(0)
    }
    finally {
      await built.close()
      other.close()
      await fake.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

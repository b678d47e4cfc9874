import { describe, expect, it } from 'vitest'
import { openDatabase } from '#db/client.ts'
import { generateDemo } from '#db/demo/generate.ts'
import { TEST_NOW } from '../test/build-test-app.ts'
import { DAY } from '../engine/rules/time-units.ts'
import { evaluateReco } from './reco-eval.ts'

describe('evaluateReco', () => {
  it('should score hit@3 on a time split, ours above the most-popular baseline measured in the same run', () => {
    const handle = openDatabase(':memory:')
    try {
      generateDemo(handle, { customers: 1500, now: TEST_NOW })
      const r = evaluateReco(handle.sqlite, TEST_NOW - 90 * DAY)
      expect(r.customers).toBeGreaterThan(100)
      expect(r.popularProducts).toHaveLength(3)
      expect(r.popularCategories).toHaveLength(3)
      for (const v of Object.values(r.hitAt3)) {
        expect(v).toBeGreaterThan(0)
        expect(v).toBeLessThanOrEqual(1)
      }
      expect(r.hitAt3.ours).toBeGreaterThan(r.hitAt3.popularProducts + 0.2)
      expect(r.hitAt3.ours).toBeGreaterThan(r.hitAt3.popularCategories)
    }
    finally {
      handle.close()
    }
  })

  it('should find no customers to score when the cutoff is before every order', () => {
    const handle = openDatabase(':memory:')
    try {
      generateDemo(handle, { customers: 50, now: TEST_NOW })
      expect(evaluateReco(handle.sqlite, TEST_NOW - 5000 * DAY).customers).toBe(0)
    }
    finally {
      handle.close()
    }
  })
})

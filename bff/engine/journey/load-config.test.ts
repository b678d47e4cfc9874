import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULT_CONFIG_FILES, loadJourneyConfig, parseJourney, parseSopLibrary } from './load-config.ts'

const journeyJson = () => JSON.parse(readFileSync(DEFAULT_CONFIG_FILES.journey, 'utf8'))
const sopsJson = () => JSON.parse(readFileSync(DEFAULT_CONFIG_FILES.sops, 'utf8'))
const journey = parseJourney(journeyJson())

/** The problems a config has, or [] when it loads. */
function problemsOf(load: () => unknown): string[] {
  try {
    load()
    return []
  }
  catch (error) {
    if (error instanceof ConfigError)
      return error.problems
    throw error
  }
}
// The edits reach into arbitrary JSON to break it on purpose: `any` is the honest type here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any
function journeyProblems(edit: (j: Json) => void) {
  return problemsOf(() => {
    const j = journeyJson()
    edit(j)
    parseJourney(j)
  })
}
function sopProblems(edit: (s: Json) => void) {
  return problemsOf(() => {
    const s = sopsJson()
    edit(s)
    parseSopLibrary(s, journey)
  })
}

describe('the default config', () => {
  it('should load, versioned, with every stage and the SOP library', () => {
    const { journey, library } = loadJourneyConfig()
    expect(journey.version).toBeGreaterThanOrEqual(1)
    expect(library.version).toBeGreaterThanOrEqual(1)
    expect(journey.stages.map(s => s.name)).toEqual(['新客', '意向', '已激活', '首购', '复购', '高价值', '沉默', '流失'])
    expect(library.sops.map(s => s.name)).toEqual(expect.arrayContaining(['新客培育', '沉默激活', '高价值关怀/复购', '优惠券明天到期', '距上次购买60天', '生日关怀', '购物车12小时未付款']))
    expect(library.stageNames.high_value).toBe('高价值')
  })
})

describe('journey validation', () => {
  it('should name a bad fact inside a nested rule', () => {
    expect(journeyProblems((j) => { j.stages[5].entry.all[0].fact = 'orders' })).toEqual([
      'stages[5].entry.all[0].fact: expected one of "orderCount", "spendCents", "messagesIn", "daysSinceLastOrder", "daysSinceAdded", "daysSinceActive"',
    ])
  })

  it('should name a rule it does not know, and a rule with two kinds', () => {
    expect(journeyProblems((j) => { j.stages[1].entry.any[0] = { clicked: '代理政策' } })).toEqual([
      expect.stringMatching(/^stages\[1\]\.entry\.any\[0\]: unknown rule with fields clicked; expected one of all, any, not, fact, event/),
    ])
    expect(journeyProblems((j) => { j.stages[2].entry = { tag: 'x', fact: 'orderCount', op: '>', value: 1 } })).toEqual([
      expect.stringMatching(/^stages\[2\]\.entry: a rule has exactly one of .*; found fact and tag$/),
    ])
  })

  it('should name unknown and missing fields of a rule', () => {
    expect(journeyProblems((j) => { j.stages[3].entry = { fact: 'orderCount', op: '=>', value: 1, days: 3 } })).toEqual([
      'stages[3].entry.days: unknown field',
      'stages[3].entry.op: expected one of ">", ">=", "<", "<=", "==", "!="',
    ])
    expect(journeyProblems((j) => { j.stages[3].entry = { fact: 'orderCount', op: '>=' } })).toEqual(['stages[3].entry.value: is required'])
  })

  it('should refuse a window on a days-since fact, and a trigger window in a stage rule', () => {
    expect(journeyProblems((j) => { j.stages[6].entry.withinDays = 30 })).toEqual([
      'stages[6].entry.withinDays: daysSinceActive is a number of days, not something counted in a window',
    ])
    expect(journeyProblems((j) => { j.stages[3].entry.sinceTrigger = true })).toEqual(['stages[3].entry.sinceTrigger: only SOP rules have a trigger'])
  })

  it('should check stage keys: duplicates, priority, fallback, missing entry rules', () => {
    expect(journeyProblems((j) => { j.stages[2].key = 'interested' })).toEqual(expect.arrayContaining([
      'stages[2].key: duplicate stage key "interested"',
      'priority[5]: unknown stage "activated" (stages: new, interested, first_purchase, repeat, high_value, silent, churned)',
    ]))
    expect(journeyProblems((j) => { j.priority[0] = 'silent' })).toEqual([
      'priority[1]: "silent" is listed twice',
      'priority: stage "churned" is missing (every stage but the fallback must be ranked)',
    ])
    expect(journeyProblems((j) => { j.priority = j.priority.filter((k: string) => k !== 'silent') })).toEqual([
      'priority: stage "silent" is missing (every stage but the fallback must be ranked)',
    ])
    expect(journeyProblems((j) => { j.fallback = 'newbie' })).toEqual(expect.arrayContaining([expect.stringMatching(/^fallback: unknown stage "newbie" \(stages: new, interested/)]))
    expect(journeyProblems((j) => { delete j.stages[4].entry })).toEqual(['stages[4].entry: is required (only the fallback stage may omit it)'])
    expect(journeyProblems((j) => { j.priority.push('new') })).toEqual(['priority[7]: the fallback stage "new" is not ranked; it is what no rule matched'])
  })

  it('should require the version', () => {
    expect(journeyProblems((j) => { delete j.version })).toEqual(['version: is required'])
  })
})

describe('SOP library validation', () => {
  it('should name a bad delay by its path', () => {
    expect(sopProblems((s) => { s.sops[2].steps[1].delay = '12 hours' })).toEqual(['sops[2].steps[1].delay: expected a duration like "12h" or "3d" (m, h or d)'])
  })

  it('should name bad times of day, in steps and in the quiet hours', () => {
    expect(sopProblems((s) => {
      s.sops[0].steps[2].at = '25:00'
      s.guardrails.quietHours.from = '9pm'
    })).toEqual([
      'guardrails.quietHours.from: expected a time of day like "09:00" (00:00–23:59)',
      'sops[0].steps[2].at: expected a time of day like "09:00" (00:00–23:59)',
    ])
  })

  it('should name unknown stage keys referenced by SOPs', () => {
    expect(sopProblems((s) => {
      s.sops[1].trigger.stage = 'sleeping'
      s.sops[0].audience = { rule: { inStage: ['new', 'vip'] } }
    })).toEqual([
      expect.stringMatching(/^sops\[0\]\.audience\.rule\.inStage\[1\]: unknown stage "vip" \(stages: new, /),
      expect.stringMatching(/^sops\[1\]\.trigger\.stage: unknown stage "sleeping"/),
    ])
  })

  it('should name unknown script variables wherever scripts are', () => {
    expect(sopProblems((s) => {
      s.sops[0].steps[0].content.text = '{{姓氏}}女士您好'
      s.sops[0].steps[1].branches[2].content.link.title = '{{商品名}}'
    })).toEqual([
      expect.stringMatching(/^sops\[0\]\.steps\[0\]\.content\.text: unknown variable \{\{姓氏\}\}/),
      expect.stringMatching(/^sops\[0\]\.steps\[1\]\.branches\[2\]\.content\.link\.title: unknown variable \{\{商品名\}\}/),
    ])
  })

  it('should name duplicate SOP, step and branch keys', () => {
    expect(sopProblems((s) => {
      s.sops[3].key = 'new_customer'
      s.sops[0].steps[3].key = 'day7'
      s.sops[0].steps[1].branches[1].key = 'ordered'
    })).toEqual([
      'sops[3].key: duplicate SOP key "new_customer"',
      'sops[0].steps[3].key: duplicate step key "day7"',
      'sops[0].steps[1].branches[1].key: duplicate branch key "ordered"',
    ])
  })

  it('should name a missing or unknown field of a step, and a bad goal or touchpoint', () => {
    expect(sopProblems((s) => {
      delete s.sops[3].steps[0].touchpoint
      s.sops[4].steps[0].delays = '1d'
      s.sops[5].steps[0].branches[0].goal = '转化'
    })).toEqual([
      'sops[3].steps[0].touchpoint: is required',
      'sops[4].steps[0].delays: unknown field',
      'sops[5].steps[0].branches[0].goal: expected one of "培育", "激活", "复购", "关怀"',
    ])
  })

  it('should name an unknown trigger type and a bad trigger field', () => {
    expect(sopProblems((s) => {
      s.sops[0].trigger = { type: 'added' }
      s.sops[4].trigger.days = 0
    })).toEqual([
      expect.stringMatching(/^sops\[0\]\.trigger\.type: expected one of "friend_added", "stage_entered"/),
      'sops[4].trigger.days: must be >= 1',
    ])
  })

  it('should check rules in conditions, audiences and exits', () => {
    expect(sopProblems((s) => {
      s.sops[0].steps[1].branches[0].when = { fact: 'orderCount', op: '>=', value: 1, sinceTrigger: true, withinDays: 3 }
      s.sops[4].exit.goal = { any: [] }
    })).toEqual([
      'sops[0].steps[1].branches[0].when: use withinDays or sinceTrigger, not both',
      'sops[4].exit.goal.any: needs at least 1 item',
    ])
  })

  it('should refuse leftStage on a SOP that is not triggered by a stage', () => {
    expect(sopProblems((s) => { s.sops[0].exit = { leftStage: false } })).toEqual(['sops[0].exit.leftStage: only a stage_entered trigger has a stage to leave'])
  })

  it('should refuse a library written for another journey', () => {
    expect(sopProblems((s) => { s.journey = 'other' })).toEqual(['journey: "other" is not the loaded journey "default"'])
  })

  it('should not let one mistake hide another in the same SOP', () => {
    expect(sopProblems((s) => {
      delete s.sops[0].name
      s.sops[0].steps[0].delay = 'soon'
      s.sops[0].steps[1].branches[0].when = { fact: 'orders', op: '>', value: 0 }
    })).toEqual([
      'sops[0].name: is required',
      'sops[0].steps[0].delay: expected a duration like "12h" or "3d" (m, h or d)',
      expect.stringMatching(/^sops\[0\]\.steps\[1\]\.branches\[0\]\.when\.fact: expected one of "orderCount"/),
    ])
  })

  it('should report every problem at once, with the file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journey-'))
    const sops = sopsJson()
    sops.sops[2].steps[0].delay = '2 days'
    sops.sops[6].steps[0].at = '7:30'
    writeFileSync(join(dir, 'sops.json'), JSON.stringify(sops))
    writeFileSync(join(dir, 'broken.json'), '{ "version": 1,')
    const error = (() => {
      try { loadJourneyConfig({ journey: DEFAULT_CONFIG_FILES.journey, sops: join(dir, 'sops.json') }) }
      catch (e) { return e as ConfigError }
    })()
    expect(error).toBeInstanceOf(ConfigError)
    expect(error!.message).toMatch(/sops\.json is invalid:\n {2}sops\[2\]\.steps\[0\]\.delay: expected a duration.*\n {2}sops\[6\]\.steps\[0\]\.at: expected a time of day/)
    expect(() => loadJourneyConfig({ journey: join(dir, 'broken.json'), sops: DEFAULT_CONFIG_FILES.sops })).toThrow(/not readable JSON/)
  })
})

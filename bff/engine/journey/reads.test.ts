import { describe, expect, it } from 'vitest'
import { loadJourneyConfig, parseSopLibrary } from './load-config.ts'
import { eventTypesRead } from './reads.ts'

const config = loadJourneyConfig()
const guardrails = { marketingPer7Days: 3, quietHours: { from: '21:00', to: '09:00' }, liveConversationMinutes: 60 }
const step = { key: 'step', name: '步骤', delay: '0m', touchpoint: 'single_chat', goal: '关怀', content: { text: '好' } }

describe('eventTypesRead', () => {
  it('should name the types the default journey and SOPs read, and not the bulk of the trail', () => {
    expect([...eventTypesRead(config.journey, config.library)].sort()).toEqual(['article_read', 'cart_add', 'coupon_claim', 'group_question', 'link_click', 'message_in'])
  })

  it('should find types in triggers, audiences, goals, step and branch conditions', () => {
    const library = parseSopLibrary({
      version: 1,
      journey: 'default',
      guardrails,
      sops: [
        { key: 'a', name: 'A', trigger: { type: 'event', event: { type: 'miniprogram_visit' } }, steps: [step] },
        { key: 'b', name: 'B', trigger: { type: 'friend_added' }, audience: { rule: { not: { event: { type: 'product_view' } } } }, steps: [step] },
        { key: 'c', name: 'C', trigger: { type: 'friend_added' }, exit: { goal: { coupon: 'used', sinceTrigger: true } }, steps: [{ ...step, when: { all: [{ event: { type: 'message_out' } }] } }] },
        { key: 'd', name: 'D', trigger: { type: 'friend_added' }, steps: [{ key: 's', name: 'S', delay: '1d', branches: [{ key: 'x', name: 'X', touchpoint: 'single_chat', goal: '关怀', when: { any: [{ cartUnpaidHours: 2 }] }, content: { text: '好' } }] }] },
      ],
    }, config.journey)
    const journey = { ...config.journey, stages: config.journey.stages.map(s => ({ ...s, entry: undefined })) }
    expect([...eventTypesRead(journey, library)].sort()).toEqual(['cart_add', 'coupon_use', 'message_in', 'message_out', 'miniprogram_visit', 'product_view'])
  })
})

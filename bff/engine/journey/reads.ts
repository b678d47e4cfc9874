/**
 * The event types a journey and its SOPs can look at. A full recompute loads only these in full
 * (CustomerFacts.partialEvents) — most of a customer's trail is page views and staff messages
 * that no rule names — and the answer is the same: FactsIndex.eventsOf refuses a type that was
 * not loaded, so a rule kind added here without its type fails loudly instead of reading "never".
 */
import type { EventType } from './facts.ts'
import type { Rule } from './rules.ts'
import type { SopLibrary } from './sop-schema.ts'
import type { Journey } from './stages.ts'

/** The event types `journey` and `sops` read, whatever the customer. */
export function eventTypesRead(journey: Journey, library: Pick<SopLibrary, 'sops'>): Set<EventType> {
  // The guardrails always ask when the customer last wrote (live conversation).
  const types = new Set<EventType>(['message_in'])
  const rule = (r: Rule | undefined) => addRuleTypes(r, types)
  for (const stage of journey.stages)
    rule(stage.entry)
  for (const sop of library.sops) {
    if (sop.trigger.type === 'event')
      types.add(sop.trigger.event.type)
    rule(sop.audience?.rule)
    rule(sop.exit?.goal)
    for (const step of sop.steps) {
      rule(step.when)
      if ('branches' in step) {
        for (const branch of step.branches)
          rule(branch.when)
      }
    }
  }
  return types
}

function addRuleTypes(rule: Rule | undefined, types: Set<EventType>): void {
  if (!rule)
    return
  if ('all' in rule)
    return rule.all.forEach(r => addRuleTypes(r, types))
  if ('any' in rule)
    return rule.any.forEach(r => addRuleTypes(r, types))
  if ('not' in rule)
    return addRuleTypes(rule.not, types)
  if ('event' in rule)
    types.add(rule.event.type)
  else if ('cartUnpaidHours' in rule)
    types.add('cart_add')
  else if ('coupon' in rule)
    types.add(rule.coupon === 'claimed' ? 'coupon_claim' : 'coupon_use')
  else if ('fact' in rule && rule.fact === 'messagesIn')
    types.add('message_in')
}

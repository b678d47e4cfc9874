/**
 * How each journey stage looks. Keys are the default journey's (bff/journeys/default.journey.json);
 * a stage from another journey gets the neutral look, so journeys stay data.
 */
export interface StageLook {
  /** Text colour. */
  color: string
  /** Background of the badge. */
  background: string
  /** The stage's colour on white (timeline dots and names). */
  accent: string
}

const NEUTRAL: StageLook = { color: '#646566', background: '#f2f3f5', accent: '#646566' }

const STAGE_LOOKS: Readonly<Record<string, StageLook>> = {
  new: { color: '#1677ff', background: '#e8f3ff', accent: '#1677ff' },
  interested: { color: '#7232dd', background: '#f3ebff', accent: '#7232dd' },
  activated: { color: '#0a9e5c', background: '#e6f7ef', accent: '#0a9e5c' },
  first_purchase: { color: '#0b8f8a', background: '#e2f6f5', accent: '#0b8f8a' },
  repeat: { color: '#d46b08', background: '#fff3e3', accent: '#d46b08' },
  // The stage staff should treat with most care: the warmest, most saturated look.
  high_value: { color: '#ffffff', background: 'linear-gradient(90deg, #ff8a3d 0%, #f5423c 100%)', accent: '#f5423c' },
  silent: { color: '#7d7e80', background: '#eef0f3', accent: '#969799' },
  churned: { color: '#d9363e', background: '#ffeceb', accent: '#d9363e' },
}

export function stageLook(key: string): StageLook {
  return STAGE_LOOKS[key] ?? NEUTRAL
}

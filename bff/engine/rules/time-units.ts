/** Durations in milliseconds, the unit every timestamp in the product is stored in. */
export const SECOND = 1000
export const MINUTE = 60 * SECOND
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

import { type Static, Type } from 'typebox'
import { StringEnum, Nullable } from './common.ts'

export const StaffSummary = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  avatar: Nullable(Type.String()),
  position: Nullable(Type.String()),
  departmentId: Type.Integer(),
  departmentName: Type.String(),
  role: StringEnum(['staff', 'supervisor']),
})
export type StaffSummary = Static<typeof StaffSummary>

export const DemoStaff = Type.Intersect([StaffSummary, Type.Object({ customerCount: Type.Integer() })])
export type DemoStaff = Static<typeof DemoStaff>

export const DemoSignInBody = Type.Object({
  userId: Type.String({ minLength: 1, maxLength: 64 }),
})
export type DemoSignInBody = Static<typeof DemoSignInBody>

/** What the web app needs before it can register the SDK and sign in. */
export const AppConfig = Type.Object({
  mode: StringEnum(['demo', 'wecom']),
  corpId: Type.String(),
  agentId: Type.String(),
})
export type AppConfig = Static<typeof AppConfig>

export const SignatureQuery = Type.Object({
  url: Type.String({ minLength: 8, maxLength: 2048, pattern: '^https?://' }),
})
export type SignatureQuery = Static<typeof SignatureQuery>

export const SignatureResponse = Type.Object({
  timestamp: Type.Integer(),
  nonceStr: Type.String(),
  signature: Type.String(),
})
export type SignatureResponse = Static<typeof SignatureResponse>

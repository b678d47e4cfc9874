/**
 * Scripts (话术) with {{变量}} placeholders. The set of variables is closed: a script naming an
 * unknown one fails at load, and a known one without a value renders its fallback, so staff never
 * see "undefined" or an empty hole in a sentence.
 */

/** Every variable a script may use, with what it renders when the customer has no value for it. */
const SCRIPT_VARIABLES = {
  姓名: { fallback: '亲', about: 'the customer\'s name' },
  称呼: { fallback: '亲', about: '王女士 / 李先生 from the name and gender, else the name' },
  管家: { fallback: '您的专属管家', about: 'the name of the staff member who owns the task' },
  商品: { fallback: '这款产品', about: 'the trigger\'s product, else the channel\'s seeded product, else the last one bought' },
  商品链接: { fallback: '', about: 'that product\'s link; a link whose url renders empty is left out' },
  品类: { fallback: '滋补', about: 'that product\'s category, else the 商品偏好 tag' },
  优惠券: { fallback: '专属优惠券', about: 'the trigger\'s coupons, else the step\'s coupon for the category, else its coupon' },
  到期日: { fallback: '近期', about: 'when the trigger\'s coupons expire, "11月21日"' },
  天数: { fallback: '好些', about: 'days since the last order' },
} as const satisfies Record<string, { fallback: string, about: string }>

type ScriptVariable = keyof typeof SCRIPT_VARIABLES
export type ScriptValues = Partial<Record<ScriptVariable, string | null>>

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g

function isScriptVariable(name: string): name is ScriptVariable {
  return Object.hasOwn(SCRIPT_VARIABLES, name)
}

/** Problems with a template: unknown variables and unbalanced braces. Empty when it is fine. */
export function checkScript(template: string): string[] {
  const problems: string[] = []
  for (const [, name] of template.matchAll(PLACEHOLDER)) {
    if (!isScriptVariable(name!))
      problems.push(`unknown variable {{${name}}} (known: ${Object.keys(SCRIPT_VARIABLES).join(', ')})`)
  }
  const rest = template.replace(PLACEHOLDER, '')
  if (rest.includes('{{') || rest.includes('}}'))
    problems.push('unbalanced {{ }}')
  return problems
}

/** Fills the placeholders; a missing or empty value renders the variable's fallback. */
export function renderScript(template: string, values: ScriptValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (!isScriptVariable(name))
      return whole
    const value = values[name]
    return value ? value : SCRIPT_VARIABLES[name].fallback
  })
}

const COMPOUND_SURNAMES = ['欧阳', '上官', '司马', '诸葛', '司徒', '东方', '慕容', '皇甫', '令狐', '夏侯', '尉迟', '长孙']

/** "王女士" for 王芳 (female), "欧阳先生" for 欧阳明 (male); nicknames and unknown genders stay as they are. */
export function honorific(name: string, gender: number): string | null {
  const trimmed = name.trim()
  if (!trimmed)
    return null
  const title = gender === 2 ? '女士' : gender === 1 ? '先生' : null
  if (!title || !/^[\u4E00-\u9FFF]{2,4}$/.test(trimmed))
    return trimmed
  const surname = COMPOUND_SURNAMES.find(s => trimmed.startsWith(s) && trimmed.length > s.length) ?? trimmed[0]!
  return `${surname}${title}`
}

import { describe, expect, it } from 'vitest'
import { checkScript, honorific, renderScript } from './script.ts'

describe('checkScript', () => {
  it('should accept known variables, with or without spaces inside the braces', () => {
    expect(checkScript('{{称呼}}您好，送您「{{ 优惠券 }}」')).toEqual([])
  })

  it('should name an unknown variable', () => {
    expect(checkScript('{{姓氏}}女士您好')).toEqual([expect.stringMatching(/^unknown variable \{\{姓氏\}\} \(known: 姓名, 称呼/)])
  })

  it('should catch unbalanced braces', () => {
    expect(checkScript('{{姓名}您好')).toEqual(['unbalanced {{ }}'])
  })
})

describe('renderScript', () => {
  it('should fill the values it has', () => {
    expect(renderScript('{{称呼}}，「{{优惠券}}」', { 称呼: '王女士', 优惠券: '满199减30' })).toBe('王女士，「满199减30」')
  })

  it('should render a fallback, never "undefined" or a hole, when a value is missing or empty', () => {
    const text = renderScript('{{称呼}}，我是{{管家}}，「{{优惠券}}」买{{商品}}，已有{{天数}}天', { 称呼: null, 商品: '' })
    expect(text).toBe('亲，我是您的专属管家，「专属优惠券」买这款产品，已有好些天')
    expect(text).not.toMatch(/undefined|null|\{\{/)
  })
})

describe('honorific', () => {
  it('should address by surname and title when the name is a Chinese name and the gender known', () => {
    expect(honorific('王芳', 2)).toBe('王女士')
    expect(honorific('李建国', 1)).toBe('李先生')
    expect(honorific('欧阳明', 1)).toBe('欧阳先生')
  })

  it('should keep nicknames and unknown genders as they are', () => {
    expect(honorific('Coco', 2)).toBe('Coco')
    expect(honorific('小确幸', 0)).toBe('小确幸')
    expect(honorific('  ', 1)).toBeNull()
  })
})

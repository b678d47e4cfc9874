import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import InitialsAvatar from './InitialsAvatar.vue'
import PageEmpty from './PageEmpty.vue'
import PageError from './PageError.vue'

describe('InitialsAvatar', () => {
  it('should show the first character on a coloured circle when there is no image', () => {
    const wrapper = mount(InitialsAvatar, { props: { name: '林晓雯', size: 32 } })
    expect(wrapper.text()).toBe('林')
    expect(wrapper.attributes('style')).toContain('width: 32px')
    expect(wrapper.attributes('style')).toMatch(/background: (#|rgb)/)
  })

  it('should fall back to the initial when the image fails to load', async () => {
    const wrapper = mount(InitialsAvatar, { props: { name: 'amy', src: 'https://wework.qpic.cn/x.png' } })
    expect(wrapper.find('img').exists()).toBe(true)
    await wrapper.find('img').trigger('error')
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.text()).toBe('A')
  })

  it('should pick the same colour for the same name', () => {
    const a = mount(InitialsAvatar, { props: { name: '张丽' } }).attributes('style')
    const b = mount(InitialsAvatar, { props: { name: '张丽' } }).attributes('style')
    expect(a).toBe(b)
  })
})

describe('PageError', () => {
  it('should show title and message and emit retry when 重试 is tapped', async () => {
    const wrapper = mount(PageError, { props: { title: '无法连接服务器', message: '请检查网络后重试' } })
    expect(wrapper.text()).toContain('无法连接服务器')
    expect(wrapper.text()).toContain('请检查网络后重试')
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })

  it('should hide the retry button when not retryable', () => {
    const wrapper = mount(PageError, { props: { retryable: false } })
    expect(wrapper.find('button').exists()).toBe(false)
    expect(wrapper.text()).toContain('加载失败')
  })
})

describe('PageEmpty', () => {
  it('should render the description and slot', () => {
    const wrapper = mount(PageEmpty, { props: { description: '暂无客户' }, slots: { default: '<button>去添加</button>' } })
    expect(wrapper.text()).toContain('暂无客户')
    expect(wrapper.find('button').text()).toBe('去添加')
  })
})

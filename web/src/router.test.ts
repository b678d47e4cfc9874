import { describe, expect, it } from 'vitest'
import { initialHashRoute } from './router'

describe('initialHashRoute', () => {
  it('should route to the page path when there is no hash route', () => {
    expect(initialHashRoute('/sidebar', '')).toBe('/sidebar')
    expect(initialHashRoute('/tasks', '#')).toBe('/tasks')
    expect(initialHashRoute('/demo/', '#/')).toBe('/demo')
  })

  it('should keep an existing hash route', () => {
    expect(initialHashRoute('/sidebar', '#/demo')).toBeNull()
  })

  it('should leave the root and files to the router default', () => {
    expect(initialHashRoute('/', '')).toBeNull()
    expect(initialHashRoute('/index.html', '')).toBeNull()
  })
})

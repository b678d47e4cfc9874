import { vi } from 'vitest'

/**
 * Every Vant component the app uses (components and function APIs such as toast and dialog).
 * Add a component here when a test mounts one that is not listed yet.
 */
const VANT_COMPONENTS = [
  'action-sheet', 'button', 'cell', 'cell-group', 'collapse', 'collapse-item', 'dialog',
  'dropdown-item', 'dropdown-menu', 'empty', 'icon', 'list', 'loading', 'nav-bar', 'popup',
  'pull-refresh', 'search', 'skeleton', 'skeleton-avatar', 'skeleton-paragraph', 'skeleton-title',
  'tab', 'tabs', 'tag', 'toast',
]

// Vant's style modules import .css, which Node cannot load, and the tests do not need the styles.
// unplugin-vue-components adds `vant/es/<name>/style/index` for each Vant component a SFC uses;
// doMock (not hoisted) registers them before the test file's own imports are loaded.
for (const name of VANT_COMPONENTS) {
  vi.doMock(`vant/es/${name}/style/index`, () => ({}))
  vi.doMock(`vant/es/${name}/style`, () => ({}))
}

// House rules, checked by `npm run lint` (zero warnings) in CI: ESLint's and typescript-eslint's
// recommended rules for correctness, eslint-plugin-vue for templates, @stylistic for the layout the
// code is written in (no semicolons, single quotes, two spaces).
import js from '@eslint/js'
import stylistic from '@stylistic/eslint-plugin'
import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'data/**', 'db/migrations/**', 'e2e/.data/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/recommended'],
  stylistic.configs.customize({ indent: 2, quotes: 'single', semi: false, braceStyle: 'stroustrup', arrowParens: false }),
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `importOriginal<typeof import('…')>()` is how Vitest's partial mocks are typed.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      // Templates keep short elements on one line; the attribute count is not what makes them hard to read.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      // `beforeEach(() => { ctx = setup() })` reads as one thought; three statements on a line do not.
      '@stylistic/max-statements-per-line': ['error', { max: 2 }],
    },
  },
)

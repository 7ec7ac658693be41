// Flat config: TypeScript + Vue, plus the import boundaries of DESIGN.md as lint errors.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util', 'stream']
const nodeModules = [
  { name: 'electron', message: 'Only electron/main and electron/preload may import electron.' },
  ...NODE_BUILTINS.map((name) => ({ name, message: 'No Node APIs here; go through the contract.' })),
]
const nodePattern = { group: ['node:*'], message: 'No Node APIs here; go through the contract.' }

export default tseslint.config(
  {
    ignores: ['node_modules/', 'out/', 'dist/', 'dist-web/', 'release/', 'test-results/', 'tests/e2e/screenshots/', '.yishi-data/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/no-v-html': 'error',
      'no-eval': 'error',
      'no-new-func': 'error',
    },
  },
  // Boundaries (DESIGN.md): shared/ is pure and imports neither side.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeModules,
          patterns: [
            nodePattern,
            { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from electron/ or renderer/.' },
          ],
        },
      ],
    },
  },
  // renderer/ imports only shared/ and its own files.
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.vue'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeModules,
          patterns: [
            nodePattern,
            { group: ['**/electron/**', '**/tests/**', '**/resources/**'], message: 'renderer/ imports only shared/ and its own files.' },
          ],
        },
      ],
    },
  },
  // Services, data, import and export stay Electron-free so they run in plain Node tests.
  {
    files: ['electron/services/**/*.ts', 'electron/data/**/*.ts', 'electron/export/**/*.ts', 'electron/import/**/*.ts', 'electron/host/**/*.ts', 'electron/main/ipc/**/*.ts', 'electron/main/security.ts', 'electron/main/key-store.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Keep this module Electron-free; inject what it needs.' }],
          patterns: [{ group: ['**/renderer/**'], message: 'The Node side never imports the renderer.' }],
        },
      ],
    },
  },
)

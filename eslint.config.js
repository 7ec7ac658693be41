// Flat config: TypeScript + Vue, plus the import boundaries of DESIGN.md as lint errors.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import vue from 'eslint-plugin-vue'
import globals from 'globals'

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'url', 'util', 'stream']
const nodePattern = { group: ['node:*'], message: 'No Node APIs here; go through the contract.' }

const ELECTRON_LAYERS = ['data', 'services', 'api', 'main', 'host', 'preload']

/** Which layers each layer may import (besides itself and npm packages). */
export const LAYERS = {
  shared: { files: ['shared/**/*.ts'], may: [], electron: false, node: false },
  data: { files: ['electron/data/**/*.ts'], may: ['shared'], electron: false, node: true },
  services: { files: ['electron/services/**/*.ts'], may: ['shared', 'data'], electron: false, node: true },
  api: { files: ['electron/api/**/*.ts'], may: ['shared', 'data', 'services'], electron: false, node: true },
  main: { files: ['electron/main/**/*.ts'], may: ['shared', 'data', 'services', 'api'], electron: true, node: true },
  host: { files: ['electron/host/**/*.ts'], may: ['shared', 'data', 'services', 'api'], electron: false, node: true },
  renderer: { files: ['renderer/**/*.ts', 'renderer/**/*.vue'], may: ['shared'], electron: false, node: false },
}

const layerMessage = (name, may) =>
  `Layer ${name}/ may import only ${may.length ? may.join(', ') : 'itself'} (see docs/architecture.md).`

function layerRules() {
  const configs = Object.entries(LAYERS).map(([name, layer]) => {
    const forbidden = ELECTRON_LAYERS.filter((l) => l !== name && !layer.may.includes(l))
    const patterns = []
    if (name === 'shared' || name === 'renderer') {
      patterns.push({ group: ['**/electron/**'], message: layerMessage(name, layer.may) })
      if (name === 'renderer') patterns.push({ group: ['**/tests/**', '**/resources/**'], message: layerMessage(name, layer.may) })
      if (name === 'shared') patterns.push({ group: ['**/renderer/**'], message: layerMessage(name, layer.may) })
    } else {
      // '../main/x' from a sibling layer, '../../electron/main/x' from deeper down.
      patterns.push({
        regex: `^(\\.\\./)+(electron/)?(${forbidden.join('|')})(/|$)`,
        message: layerMessage(name, layer.may),
      })
      patterns.push({ group: ['**/renderer/**'], message: 'The Node side never imports the renderer.' })
    }
    if (!layer.node) patterns.push(nodePattern)
    const paths = layer.node ? [] : NODE_BUILTINS.map((n) => ({ name: n, message: 'No Node APIs here; go through the contract.' }))
    if (!layer.electron) paths.push({ name: 'electron', message: 'Only electron/main and electron/preload may import electron.' })
    return { files: layer.files, rules: { 'no-restricted-imports': ['error', { paths, patterns }] } }
  })
  // The sandboxed preload bundles what it imports: 'electron' and the zod-free channel list only.
  configs.push({
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'zod', message: 'The preload stays zod-free: import shared/contract/channels.' }],
          patterns: [
            { regex: '^\\.(?!.*/shared/contract/channels$)', message: 'The preload imports only shared/contract/channels (zod-free).' },
          ],
        },
      ],
    },
  })
  // Logic of main that is unit-tested in Node stays Electron-free.
  configs.push({
    files: ['electron/main/ipc/**/*.ts', 'electron/main/security.ts', 'electron/main/key-store.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'Keep this module Electron-free; inject what it needs.' }],
          patterns: [
            { regex: `^(\\.\\./)+(electron/)?(host|preload)(/|$)`, message: layerMessage('main', LAYERS.main.may) },
            { group: ['**/renderer/**'], message: 'The Node side never imports the renderer.' },
          ],
        },
      ],
    },
  })
  return configs
}

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
  // Layers, as an allow-table (VS Code's layering rule is the model). Each layer may import the
// layers listed for it and nothing else; docs/architecture.md has the picture.
//   shared ← data ← services ← api ← main | host;  renderer ← shared;  preload ← channels only.
// Only main/ and preload/ import 'electron'. main and host never import each other.
...layerRules(),
)

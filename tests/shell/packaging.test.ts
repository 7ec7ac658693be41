// electron-builder.yml against the build in out/: the files / asarUnpack globs select the built
// app (and no sources, maps or personal data), the packages the built main imports at run time are
// production dependencies without native code, and the fuses are what README → Packaging says.
// Packaging itself (`npm run dist`) needs the Electron binary and is not run here.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import { init as initLexer, parse as parseModule } from 'es-module-lexer'
import { minimatch } from 'minimatch'
import { beforeAll, describe, expect, it } from 'vitest'
import { MAIN_FILE, OUT, PKG, PRELOAD_DIR, RENDERER_DIR, ROOT, requireBuild } from './harness'

const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown }

interface BuilderConfig {
  files?: string[]
  asar?: boolean
  asarUnpack?: string | string[]
  electronFuses?: Record<string, boolean>
  directories?: { buildResources?: string; output?: string }
}

const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig
const pkg = PKG as { main: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string> }
const SKIP_DIRS = new Set(['node_modules', '.git'])

/** Every file of the project (not node_modules), relative, with forward slashes. */
function projectFiles(dir = ROOT): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name)) continue
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...projectFiles(full))
    else if (entry.isFile()) out.push(relative(ROOT, full).split('\\').join('/'))
  }
  return out
}

const rel = (p: string) => relative(ROOT, p).split('\\').join('/')
const asList = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v])

/** electron-builder's `files` semantics: included if some positive pattern matches and no later negation. */
function packaged(files: string[], patterns: string[]): string[] {
  return files.filter((file) => {
    let included = false
    for (const p of patterns) {
      if (p.startsWith('!')) {
        if (minimatch(file, p.slice(1), { dot: true })) included = false
      } else if (minimatch(file, p, { dot: true })) included = true
    }
    return included
  })
}

/** Bare package names the built main process imports at run time (not node: builtins, not electron). */
async function runtimeImports(): Promise<string[]> {
  await initLexer
  const names = new Set<string>()
  for (const file of readdirSync(dirname(MAIN_FILE)).filter((f) => /\.(m?js)$/.test(f))) {
    const [imports] = parseModule(readFileSync(join(dirname(MAIN_FILE), file), 'utf8'))
    for (const spec of imports.map((i) => i.n).filter((n): n is string => !!n)) {
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) continue
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]
      if (name !== 'electron') names.add(name)
    }
  }
  return [...names].sort()
}

/** Directory of `name` as Node would resolve it from `fromDir` (nested node_modules, then up). */
function packageDir(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name)
    if (existsSync(join(candidate, 'package.json'))) return candidate
    if (dir === ROOT || dirname(dir) === dir) return null
  }
}

/** The production dependency closure electron-builder copies into the app (dir → name). */
function productionClosure(): Map<string, string> {
  const seen = new Map<string, string>()
  const queue: [string, string][] = Object.keys(pkg.dependencies ?? {}).map((n) => [n, ROOT])
  while (queue.length) {
    const [name, from] = queue.shift()!
    const dir = packageDir(name, from)
    if (!dir || seen.has(dir)) continue
    seen.set(dir, name)
    const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
    for (const dep of Object.keys({ ...meta.dependencies, ...meta.optionalDependencies })) queue.push([dep, dir])
  }
  return seen
}

/** Signs of native code in a package: binding.gyp, gypfile, prebuilds/, or a .node binary. */
function nativeSigns(dir: string): string[] {
  const meta = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { gypfile?: boolean }
  const signs: string[] = []
  if (meta.gypfile) signs.push('gypfile: true')
  const walk = (d: string, depth: number) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue
      const full = join(d, entry.name)
      if (entry.isDirectory()) {
        if (entry.name === 'prebuilds') signs.push(rel(full))
        else if (depth < 6) walk(full, depth + 1)
      } else if (entry.name === 'binding.gyp' || entry.name.endsWith('.node')) signs.push(rel(full))
    }
  }
  walk(dir, 0)
  return signs
}

describe('electron-builder.yml against the build', () => {
  let files: string[]
  let inApp: string[]
  beforeAll(() => {
    requireBuild()
    files = projectFiles()
    inApp = packaged(files, config.files ?? [])
  })

  it('has a files list, and each of its patterns matches something', () => {
    expect(config.files?.length, 'electron-builder.yml has no files list').toBeGreaterThan(0)
    for (const pattern of config.files!.filter((p) => !p.startsWith('!'))) {
      expect(files.some((f) => minimatch(f, pattern, { dot: true })), `files pattern '${pattern}' matches no file`).toBe(true)
    }
  })

  it('packages package.json, the built main, preload and renderer, and all of out/ but source maps', () => {
    for (const needed of ['package.json', rel(MAIN_FILE), rel(join(RENDERER_DIR, 'index.html'))]) {
      expect(inApp, `${needed} would not be packaged`).toContain(needed)
    }
    for (const preload of readdirSync(PRELOAD_DIR)) {
      if (!preload.endsWith('.map')) expect(inApp, `preload ${preload} would not be packaged`).toContain(rel(join(PRELOAD_DIR, preload)))
    }
    const outFiles = files.filter((f) => f.startsWith(rel(OUT) + '/') && !f.endsWith('.map'))
    expect(outFiles.filter((f) => !inApp.includes(f)), 'built files left out of the package').toEqual([])
  })

  it('packages no sources, tests, maps, other builds or local data', () => {
    const unwanted = inApp.filter(
      (f) =>
        f.endsWith('.map') ||
        /\.(ts|vue)$/.test(f) ||
        /^(electron|renderer|shared|tests|dist-web|release|test-results|\.yishi-data|bench-results)\//.test(f),
    )
    expect(unwanted).toEqual([])
  })

  it('unpacks from the asar only files that exist in the package', () => {
    for (const pattern of asList(config.asarUnpack)) {
      expect(inApp.some((f) => minimatch(f, pattern, { dot: true })), `asarUnpack '${pattern}' matches no packaged file`).toBe(true)
    }
  })

  it('imports at run time only production dependencies (devDependencies are not packaged)', async () => {
    const imports = await runtimeImports()
    expect(imports.length, 'found no package imports in the built main (did the regex break?)').toBeGreaterThan(0)
    const missing = imports.filter((name) => !(name in (pkg.dependencies ?? {})))
    expect(missing, 'the built main imports packages that are not in "dependencies": the installed app would fail to start').toEqual([])
  })

  it('packages no native modules (better-sqlite3 is a devDependency for the bench only)', () => {
    expect(pkg.devDependencies ?? {}).toHaveProperty('better-sqlite3')
    expect(pkg.dependencies ?? {}).not.toHaveProperty('better-sqlite3')
    const closure = productionClosure()
    expect(closure.size, 'no production dependency found in node_modules').toBeGreaterThan(0)
    expect([...closure.values()]).not.toContain('better-sqlite3')
    const unpack = asList(config.asarUnpack)
    const native = [...closure.keys()]
      .map((dir) => ({ dir: rel(dir), signs: nativeSigns(dir) }))
      .filter(({ dir, signs }) => signs.length > 0 && !unpack.some((p) => minimatch(`${dir}/x.node`, p, { dot: true })))
    expect(native, 'production dependencies with native code, not unpacked from the asar').toEqual([])
  })

  it('sets the fuses as README → Packaging says, with names electron-builder knows', () => {
    expect(config.asar, 'asar integrity and onlyLoadAppFromAsar need asar: true').toBe(true)
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    })
    const schemePath = join(ROOT, 'node_modules/app-builder-lib/scheme.json')
    const scheme = JSON.parse(readFileSync(schemePath, 'utf8')) as { definitions: Record<string, { properties?: Record<string, unknown> }> }
    const known = Object.keys(scheme.definitions.FuseOptionsV1?.properties ?? {})
    expect(known.length, 'app-builder-lib/scheme.json has no FuseOptionsV1').toBeGreaterThan(0)
    expect(Object.keys(config.electronFuses ?? {}).filter((k) => !known.includes(k)), 'fuse names electron-builder would ignore').toEqual([])
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const packaging = readme.slice(readme.indexOf('## Packaging'), readme.indexOf('\n## ', readme.indexOf('## Packaging') + 3))
    expect(packaging, 'README → Packaging no longer lists the fuses this test checks').toMatch(/RunAsNode[\s\S]*NODE_OPTIONS[\s\S]*--inspect[\s\S]*asar integrity[\s\S]*only from the asar/)
  })

  it('keeps buildResources where electron-builder looks for icons', () => {
    expect(existsSync(join(ROOT, config.directories?.buildResources ?? 'build')), 'directories.buildResources does not exist').toBe(true)
  })
})

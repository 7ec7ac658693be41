// Module-resolution hook (registered by child.mjs with module.register): every import of
// 'electron' — from the built main process or from a package such as electron-store — gets the
// stand-in next to this file instead of node_modules/electron (which only exports a path).
const FAKE = new URL('./electron.mjs', import.meta.url).href
const NAMES = new Set(['electron', 'electron/main', 'electron/common'])

export async function resolve(specifier, context, nextResolve) {
  if (NAMES.has(specifier)) return { url: FAKE, format: 'module', shortCircuit: true }
  return nextResolve(specifier, context)
}

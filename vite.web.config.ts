import { resolve } from 'node:path'
import { defineConfig, type UserConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// The renderer build, shared by Electron (electron.vite.config.ts) and the browser preview/e2e
// host. `base: './'` because the app is served from app:// in Electron and from / on the host.
export const rendererConfig: UserConfig = {
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  plugins: [vue()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist-web'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: resolve(import.meta.dirname, 'renderer/index.html'),
    },
  },
}

export default defineConfig(rendererConfig)

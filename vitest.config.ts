import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// One config, several projects: `npm test` runs them all; CI sums their JSON reports.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
          // A few unit tests generate data or lint files; a loaded CI machine must not time them out.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        // Crash, fault and fuzz tests. `npm test` runs the fast variant; RELIABILITY_FULL=1
        // (`npm run test:reliability`) runs the full counts (e.g. 300 kills).
        test: {
          name: 'reliability',
          include: ['tests/reliability/**/*.test.ts'],
          environment: 'node',
          testTimeout: 600_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        plugins: [vue()],
        test: {
          name: 'component',
          include: ['tests/component/**/*.test.ts'],
          environment: 'happy-dom',
          setupFiles: ['tests/component/helpers/setup.ts'],
          // Each test opens the real backend; generous limits keep a loaded CI machine from flaking.
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        // The built desktop shell (out/) run against a stand-in 'electron'; `npm run test:shell`
        // builds first. See README → Tests → Desktop shell tests.
        test: {
          name: 'shell',
          include: ['tests/shell/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A view refreshed by a `changed` event can take more than the default 1 s on a loaded
          // 2-core machine (seen in CI-like runs); polls still fail when the change never comes.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
})

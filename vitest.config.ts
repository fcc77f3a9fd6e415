import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globals: true,
    // The JSON report lets CI print one plain "N passed, N failed" line at the end.
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/test-results.json' },
    projects: [
      {
        test: {
          name: 'engine',
          globals: true,
          environment: 'node',
          // Whole-cluster scenarios run minutes of virtual time; give a loaded machine room.
          testTimeout: 60_000,
          include: ['test/engine/**/*.test.ts', 'test/property/**/*.test.ts'],
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'ui',
          globals: true,
          environment: 'jsdom',
          include: ['test/ui/**/*.test.{ts,tsx}'],
          setupFiles: ['test/ui/setup.ts'],
          // stores boot whole clusters and replay them; give a loaded machine room
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'clients',
          globals: true,
          environment: 'node',
          include: ['test/clients/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          globals: true,
          environment: 'node',
          globalSetup: ['test/e2e/global-setup.ts'],
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // `npm run budget`: the initial bundle against the stack's floor (issue 8's 1.15×)
        test: {
          name: 'bundle',
          globals: true,
          environment: 'node',
          include: ['test/bundle/**/*.test.ts'],
          testTimeout: 300_000,
        },
      },
    ],
  },
});

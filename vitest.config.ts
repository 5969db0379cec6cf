import { defineConfig } from 'vitest/config';

// One Vitest run for the whole workspace: unit tests beside the code, cross-package tests in tests/.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'protocol', root: 'packages/protocol', include: ['src/**/*.test.ts'] } },
      { test: { name: 'server', root: 'packages/server', include: ['src/**/*.test.ts'] } },
      { test: { name: 'loadtest', root: 'packages/loadtest', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'game-client',
          root: 'packages/game-client',
          include: ['src/**/*.test.ts'],
          passWithNoTests: true,
        },
      },
      {
        test: {
          name: 'integration',
          root: 'tests',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});

import { defineConfig } from 'vitest/config';

// One Vitest run for the whole workspace: unit tests beside the code, cross-package tests in tests/.
// Timeouts are generous: property-based tests do real work, and CI machines can be busy; no
// test asserts a duration (timing targets live in the benchmarks).
const unitTimeouts = { testTimeout: 20_000, hookTimeout: 20_000 };
/** Integration files that negotiate real DTLS (WebRTC DataChannels): see their project below. */
const DTLS_FILES = [
  'datagrams.test.ts',
  'bench-datagrams.test.ts',
  'lab-transports.test.ts',
  'e2e/datagram-play.test.ts',
  'e2e/datagram-fight.test.ts',
];

export default defineConfig({
  test: {
    // Two test files at a time, whatever the core count (Vitest's default is one fewer than the
    // cores: one on a 2-core machine). Most integration files wait on ticks, sockets and pages
    // rather than compute, so two at a time nearly halves a run; every test must pass on a busy
    // machine anyway. Files share no ports (each server, Redis and proxy takes a free one).
    maxWorkers: 2,
    projects: [
      {
        test: { name: 'protocol', root: 'packages/protocol', include: ['src/**/*.test.ts'], ...unitTimeouts },
      },
      { test: { name: 'server', root: 'packages/server', include: ['src/**/*.test.ts'], ...unitTimeouts } },
      { test: { name: 'netcode', root: 'packages/netcode', include: ['src/**/*.test.ts'], ...unitTimeouts } },
      {
        test: { name: 'loadtest', root: 'packages/loadtest', include: ['src/**/*.test.ts'], ...unitTimeouts },
      },
      { test: { name: 'lab', root: 'packages/lab', include: ['src/**/*.test.ts'], ...unitTimeouts } },
      {
        test: { name: 'testing', root: 'packages/testing', include: ['src/**/*.test.ts'], ...unitTimeouts },
      },
      {
        test: {
          name: 'game-client',
          root: 'packages/game-client',
          include: ['src/**/*.test.ts'],
          passWithNoTests: true,
          ...unitTimeouts,
        },
      },
      {
        test: {
          name: 'integration',
          root: 'tests',
          include: ['**/*.test.ts'],
          exclude: ['**/node_modules/**', ...DTLS_FILES],
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      // The files that open real WebRTC DataChannels: after everything else, one at a time. Two
      // DTLS handshakes at the same moment on one host sometimes fail ("unknown CA";
      // docs/netcode.md, "Datagrams", known problem), which two files at a time made happen.
      {
        test: {
          name: 'integration:datagrams',
          root: 'tests',
          include: [...DTLS_FILES],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      // The in-process integration tests again on Socket.IO's standard path, the one every
      // connection falls back to when the fast path cannot be used (tests/support/test-server.ts).
      // Left out: tests of the fast path itself, and tests that start servers in other processes.
      {
        test: {
          name: 'integration:standard-path',
          root: 'tests',
          include: ['**/*.test.ts'],
          exclude: [
            '**/node_modules/**',
            'hot-path.test.ts',
            'metrics.test.ts',
            'transport-fallback.test.ts',
            'server-process.test.ts',
            'single-process-modules.test.ts',
            'compiled-server.test.ts',
            'tls.test.ts',
            'deploy/**',
            'docs-catalogue.test.ts',
            'loadtest-cli.test.ts',
            'lab.test.ts',
            'lab-transports.test.ts',
            'cluster/loadtest-cluster.test.ts',
            'threats/5-server-faults.test.ts',
            // The browser tests exercise the game client: on the standard path only the one
            // that plays a whole match between two pages (it takes minutes of a run each time).
            'e2e/!(two-players).test.ts',
            // Run once: two processes negotiating DataChannels at the same moment on this host
            // sometimes fail DTLS ("unknown CA"), docs/netcode.md "Datagrams", known problems.
            'datagrams.test.ts',
            'bench-datagrams.test.ts',
            'e2e/datagram-play.test.ts',
          ],
          env: { ARENA_TEST_IO_PATH: 'standard' },
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});

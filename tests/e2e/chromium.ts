import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

/** The repository root (tests/e2e/../..). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the built game is; the server serves it at "/". */
export const CLIENT_DIST = join(REPO_ROOT, 'packages/game-client/dist');
/** Test artifacts (gitignored). */
export const TEST_RESULTS = join(REPO_ROOT, 'test-results');

/** Debian's chromium, as installed by scripts/ensure-system-packages.sh. */
const CHROMIUM_PATH = '/usr/bin/chromium';
const BUILD_TIMEOUT_MS = 180_000;

/**
 * Flags for a quiet, self-contained headless chromium. WebGL (Phaser's renderer) runs on
 * SwiftShader, chosen explicitly so chromium does not log its automatic software fallback.
 */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  // Two pages animate at once: neither may be throttled as a background page.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** Makes sure the game client is built (the test command builds first; a bare `vitest` may not). */
export function ensureClientBuilt(): void {
  if (existsSync(join(CLIENT_DIST, 'index.html'))) return;
  const clientDir = join(REPO_ROOT, 'packages/game-client');
  // Vite itself, as `vite build` in the package would run it, without a package manager in between.
  const build = spawnSync(process.execPath, [join(clientDir, 'node_modules/vite/bin/vite.js'), 'build'], {
    cwd: clientDir,
    encoding: 'utf8',
    timeout: BUILD_TIMEOUT_MS,
  });
  if (build.status !== 0 || !existsSync(join(CLIENT_DIST, 'index.html'))) {
    throw new Error(
      `The game client is not built (${CLIENT_DIST}) and building it failed; run "pnpm build".\n${build.stderr ?? ''}${build.error?.message ?? ''}`,
    );
  }
}

export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `${CHROMIUM_PATH} is missing: run scripts/ensure-system-packages.sh (apt-get install chromium)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_FLAGS,
    headless: true,
    timeout: 30_000,
  });
}

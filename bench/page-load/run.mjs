// The game's weight and first frames in headless Chromium, against the compiled server
// (`pnpm build` first): bytes transferred (all, and JavaScript) on a cold and a warm cache, page
// open to a usable lobby, Play to the first frame that draws the own player, and the page's own
// JavaScript time per drawn frame with 2 and with 16 players in the room (the others are
// @arena/loadtest bots). Software rendering makes frame rates meaningless; script time is not.
// Usage: node bench/page-load/run.mjs [ROUNDS]   (default 5; prints each round and the medians)
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.argv[2] ?? 5);
const PORT = 3291;
const BASE = `http://127.0.0.1:${PORT}`;
const repo = (path) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
// playwright-core is a dependency of the test package, not of the repository root
const { chromium } = createRequire(repo('tests/package.json'))('playwright-core');
const JS_SAMPLE_MS = 5000;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer() {
  const child = spawn(
    process.execPath,
    [
      '--single-threaded-gc',
      repo('packages/server/dist/arena-server.mjs'),
      ...['--port', String(PORT), '--host', '127.0.0.1', '--log-level', 'warn'],
      ...['--client-dir', repo('packages/game-client/dist'), '--trusted-addresses', '127.0.0.1'],
      // the players counted are the page and the load-test bots, not server bots
      ...['--min-fighters', '0'],
    ],
    { stdio: 'ignore' },
  );
  for (let waited = 0; ; waited += 20) {
    const ok = await fetch(`${BASE}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return child;
    if (waited > 30_000) throw new Error('server not ready within 30 s');
    await sleep(20);
  }
}

/**
 * Marks, in the page's own clock (ms since navigation), when the lobby first lists rooms and when
 * the own player is first drawn; checked every animation frame through the test hook.
 */
const MARKS_SCRIPT = `
  window.__marks = {};
  const check = () => {
    const state = window.__arena?.state();
    if (state !== undefined) {
      if (window.__marks.lobby === undefined && state.connection === 'connected' && state.screen === 'lobby')
        window.__marks.lobby = performance.now();
      if (window.__marks.play !== undefined && window.__marks.playable === undefined && state.self !== null)
        window.__marks.playable = performance.now();
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
`;

/** Sums the encoded bytes of every response a page load brings in, and of its scripts. */
async function countBytes(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const types = new Map();
  const totals = { all: 0, js: 0 };
  cdp.on('Network.responseReceived', (event) => types.set(event.requestId, event.type));
  cdp.on('Network.loadingFinished', (event) => {
    totals.all += event.encodedDataLength;
    if (types.get(event.requestId) === 'Script') totals.js += event.encodedDataLength;
  });
  return { totals, cdp };
}

/** Opens the page and plays: bytes, page open to lobby, Play to the first playable frame. */
async function openAndPlay(context) {
  const page = await context.newPage();
  await page.addInitScript(MARKS_SCRIPT);
  const { totals, cdp } = await countBytes(page);
  await page.goto(`${BASE}/?name=bench`);
  await page.waitForFunction(() => window.__marks.lobby !== undefined, null, { timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  const lobbyMs = await page.evaluate(() => window.__marks.lobby);
  await page.evaluate(() => {
    window.__marks.play = performance.now();
  });
  await page.click('[data-testid=quick-play]');
  await page.waitForFunction(() => window.__marks.playable !== undefined, null, { timeout: 30_000 });
  const playMs = await page.evaluate(() => window.__marks.playable - window.__marks.play);
  // the game's chunks load after Play: count them with the page's
  await page.waitForLoadState('networkidle');
  return { page, cdp, totals: { ...totals }, lobbyMs, playMs };
}

/** The page's JavaScript time per drawn frame over JS_SAMPLE_MS, ms (CDP ScriptDuration). */
async function jsMsPerFrame(page, cdp) {
  await cdp.send('Performance.enable');
  const sample = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const scriptS = metrics.find((m) => m.name === 'ScriptDuration').value;
    const frames = await page.evaluate(() => window.__arena.state().framesDrawn);
    return { scriptS, frames };
  };
  const before = await sample();
  await sleep(JS_SAMPLE_MS);
  const after = await sample();
  return ((after.scriptS - before.scriptS) * 1000) / Math.max(1, after.frames - before.frames);
}

/** Fills the room the page plays in with `count` network bots for the time of `measure`. */
async function withBots(roomId, count, measure) {
  if (count === 0) return measure();
  const bots = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      repo('packages/loadtest/src/main.ts'),
      ...['--url', BASE, '--room', roomId, '--no-create-room', '--bots', String(count)],
      ...[
        '--observers',
        '0',
        '--warmup',
        '1',
        '--duration',
        '60',
        '--quiet',
        '--out-dir',
        '/tmp/arena-page-load',
      ],
    ],
    { stdio: 'ignore', cwd: repo('.') },
  );
  try {
    for (let waited = 0; ; waited += 200) {
      const rooms = await fetch(`${BASE}/api/rooms`).then((r) => r.json());
      const room = rooms.rooms.find((r) => r.id === roomId);
      if (room !== undefined && room.players >= count + 1) break;
      if (waited > 30_000) throw new Error(`${count} bots did not join ${roomId} within 30 s`);
      await sleep(200);
    }
    return await measure();
  } finally {
    bots.kill('SIGKILL');
  }
}

const server = await startServer();
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--use-angle=swiftshader',
    '--enable-unsafe-swiftshader',
  ],
});
const figures = {
  coldAll: [],
  coldJs: [],
  warmAll: [],
  warmJs: [],
  coldLobby: [],
  warmLobby: [],
  coldPlay: [],
  warmPlay: [],
  js2: [],
  js16: [],
};
try {
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const cold = await openAndPlay(context);
    await cold.page.close();
    const warm = await openAndPlay(context);
    const roomId = await warm.page.evaluate(() => window.__arena.state().roomId);
    const js2 = await withBots(roomId, 1, () => jsMsPerFrame(warm.page, warm.cdp));
    const js16 = await withBots(roomId, 15, () => jsMsPerFrame(warm.page, warm.cdp));
    await context.close();
    const row = {
      coldAll: cold.totals.all,
      coldJs: cold.totals.js,
      warmAll: warm.totals.all,
      warmJs: warm.totals.js,
      coldLobby: cold.lobbyMs,
      warmLobby: warm.lobbyMs,
      coldPlay: cold.playMs,
      warmPlay: warm.playMs,
      js2,
      js16,
    };
    for (const [key, value] of Object.entries(row)) figures[key].push(value);
    console.log(JSON.stringify({ round, ...row }));
  }
} finally {
  await browser.close();
  server.kill('SIGKILL');
}
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
console.log(`medians of ${ROUNDS} rounds:`);
console.log(
  `  transferred, cold cache: ${kB(median(figures.coldAll))} (JavaScript ${kB(median(figures.coldJs))})`,
);
console.log(
  `  transferred, warm cache: ${kB(median(figures.warmAll))} (JavaScript ${kB(median(figures.warmJs))})`,
);
console.log(
  `  page open to lobby: cold ${ms(median(figures.coldLobby))}, warm ${ms(median(figures.warmLobby))}`,
);
console.log(
  `  Play to first playable frame: cold ${ms(median(figures.coldPlay))}, warm ${ms(median(figures.warmPlay))}`,
);
console.log(
  `  page JavaScript per drawn frame: 2 players ${ms(median(figures.js2))}, 16 players ${ms(median(figures.js16))}`,
);

// Server bots against network clients, and how soon a lone player has a fight.
//
// 1. Server CPU per tick of one arena room of 17 fighters at 60 Hz: one player (an
//    @arena/loadtest client) with 16 server bots (--min-fighters), against 17 loadtest clients
//    (16 of them standing in for the bots) over Socket.IO, and the player alone (the baseline: the
//    process, the room and one client) to tell what the 16 others add. A fresh compiled server per
//    run, pinned to CPU 0 and the clients to CPU 1 where taskset exists; the three kinds of run
//    interleaved (rotating order), ROUNDS each; CPU per tick = the server process's CPU time over
//    the loadtest's measured window divided by the ticks run in it.
// 2. In process, without the network: the CPU time of a room's ticks (simulation, bots' decisions,
//    encoding one player's snapshots) with the player alone and with 16 bots, on a manual clock,
//    interleaved, ROUNDS each: what a bot costs the tick itself.
// 3. Time to a fight: a player joins a fresh room (the server default, 4 fighters); from the join
//    sent to the first snapshot with a bot in the player's sight (800 units, no wall between) and
//    to the first projectile in the air.
//
// Usage: node bench/bots/run.mjs [ROUNDS] [--duration S]   (run `pnpm build` first)
// Writes bench/results/bots-<time>/runs.jsonl and prints a summary table.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const { TestClient } = await import('../../tests/support/test-client.ts');
const { Room } = await import('../../packages/server/src/rooms/room.ts');
const { serverBots } = await import('../../packages/server/src/bots/server-bots.ts');
const { ManualClock } = await import('../../packages/server/src/testing/manual-clock.ts');

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const ROUNDS = Number(args.find((arg) => /^\d+$/.test(arg)) ?? 5);
const DURATION_S = flag('--duration', 15);
const FIGHT_ROUNDS = flag('--fight-rounds', 10);
const FIGHTERS = 17;
const TICK_HZ = 60;
const PORT = 3291;
const URL_BASE = `http://127.0.0.1:${PORT}`;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = join(ROOT, 'packages/server/dist/arena-server.mjs');
const LOADTEST = join(ROOT, 'packages/loadtest/bin/arena-loadtest.mjs');
const HAS_TASKSET = ['/usr/bin/taskset', '/bin/taskset'].some((path) => existsSync(path));
const pinned = (cpu, command) =>
  HAS_TASKSET ? ['taskset', ['-c', String(cpu), ...command]] : [command[0], command.slice(1)];

if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run pnpm build first`);

async function startServer(extraArgs) {
  const [command, argv] = pinned(0, [
    process.execPath,
    '--single-threaded-gc',
    SERVER,
    ...['--port', String(PORT), '--host', '127.0.0.1', '--log-level', 'warn', '--client-dir', ''],
    ...['--trusted-addresses', '127.0.0.1,::1'],
    ...extraArgs,
  ]);
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  const started = performance.now();
  for (;;) {
    const ready = await fetch(`${URL_BASE}/readyz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ready) return child;
    if (performance.now() - started > 30_000) throw new Error('server not ready within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(child) {
  child.kill('SIGKILL');
  if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
}

async function createRoom(body) {
  const response = await fetch(`${URL_BASE}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201)
    throw new Error(`POST /api/rooms: ${response.status} ${await response.text()}`);
}

async function roomListing(id) {
  const body = await (await fetch(`${URL_BASE}/api/rooms`)).json();
  return body.rooms.find((room) => room.id === id);
}

function runLoadtest(room, clients, outDir) {
  const name = `${room}-${Date.now()}`;
  const [command, argv] = pinned(1, [
    process.execPath,
    LOADTEST,
    ...['--url', URL_BASE, '--bots', String(clients), '--tick', String(TICK_HZ), '--room', room],
    ...['--no-create-room', '--duration', String(DURATION_S), '--warmup', '3', '--observers', '1'],
    ...['--quiet', '--out-dir', outDir, '--name', name],
  ]);
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`loadtest exited with ${code}`));
      else resolve(JSON.parse(readFileSync(join(outDir, `${name}.json`), 'utf8')));
    });
  });
}

/** One run: a fresh server, one room of FIGHTERS, `clients` loadtest clients, the rest server bots. */
async function cpuRun(kind, outDir) {
  const isBots = kind === 'server-bots';
  const clients = kind === 'network-clients' ? FIGHTERS : 1;
  const server = await startServer([]);
  try {
    const room = kind;
    await createRoom({
      id: room,
      tickRateHz: TICK_HZ,
      snapshotRateHz: TICK_HZ,
      maxPlayers: FIGHTERS,
      minFighters: isBots ? FIGHTERS : 0,
      seed: 42,
    });
    let botsSeen = 0;
    const watch = setInterval(async () => {
      const listed = await roomListing(room).catch(() => undefined);
      botsSeen = Math.max(botsSeen, listed?.bots ?? 0);
    }, 500);
    const report = await runLoadtest(room, clients, outDir).finally(() => clearInterval(watch));
    const cpuUsPerTick = report.cpu_us_per_client_tick * report.n;
    return {
      kind,
      fighters: FIGHTERS,
      network_clients: report.n,
      server_bots: botsSeen,
      tick_hz: report.tick_hz,
      achieved_tick_hz: report.achieved_tick_hz,
      server_cpu_pct: report.server_cpu_pct,
      server_cpu_us_per_tick: Math.round(cpuUsPerTick * 10) / 10,
      tick_ms_p50: report.tick_ms_p50,
      tick_ms_p99: report.tick_ms_p99,
      inputs_applied_per_s: report.server_inputs_applied_per_s,
      duration_s: report.duration_s,
    };
  } finally {
    await stop(server);
  }
}

/** CPU time per tick of a room run on a manual clock for `ticks` ticks, with `bots` bots beside one player, µs. */
function inProcessRun(bots, ticks) {
  const clock = new ManualClock();
  const room = new Room({
    config: {
      id: 'bench',
      mode: 'arena',
      tickRateHz: TICK_HZ,
      snapshotRateHz: TICK_HZ,
      maxPlayers: FIGHTERS,
      seed: 42,
      strategy: 'delta',
      maxRewindMs: 250,
      isRecorded: false,
      minFighters: bots + 1,
    },
    inputQueueMax: 32,
    idleTimeoutMs: 60_000,
    logger: { info() {}, warn() {}, error() {} },
    clock,
    onDisposed() {},
    ...(bots > 0 ? { bots: serverBots({ minFighters: bots + 1, seed: 42 }) } : {}),
  });
  room.join('player', { send() {}, roomClosed() {} });
  clock.advance(2000); // warm up
  const before = process.cpuUsage();
  clock.advance((ticks * 1000) / TICK_HZ);
  const used = process.cpuUsage(before);
  room.close('ARENA_ERR_ROOM_CLOSED', 'done');
  return (used.user + used.system) / ticks;
}

/** Time from a lone player's join to a bot in sight and to the first projectile, ms. */
async function fightRun(round) {
  const client = await TestClient.connect(URL_BASE);
  try {
    const room = `fight-${round}`;
    await createRoom({ id: room, seed: 1000 + round });
    const sentAt = performance.now();
    const welcomePromise = client.join(room, 'newcomer');
    const welcome = await welcomePromise;
    const welcomeMs = performance.now() - sentAt;
    const walls = welcome.walls;
    let inSightMs;
    let shotMs;
    await client.waitFor(
      () => {
        const latest = client.latestWorld();
        if (latest === undefined) return false;
        const self = latest.world.players.find((p) => p.id === welcome.playerId);
        if (self !== undefined && inSightMs === undefined) {
          const seen = latest.world.players.some(
            (p) =>
              p.id !== self.id &&
              p.hp > 0 &&
              Math.hypot(p.x - self.x, p.y - self.y) <= 800 &&
              !walls.some((wall) => segmentCrosses(self, p, wall)),
          );
          if (seen) inSightMs = performance.now() - sentAt;
        }
        if (shotMs === undefined && latest.world.projectiles.length > 0) shotMs = performance.now() - sentAt;
        return inSightMs !== undefined && shotMs !== undefined;
      },
      'a bot in sight and a shot',
      30_000,
    );
    return {
      kind: 'time-to-fight',
      round,
      welcome_ms: round1(welcomeMs),
      bot_in_sight_ms: round1(inSightMs),
      first_shot_ms: round1(shotMs),
    };
  } finally {
    client.close();
  }
}

function segmentCrosses(a, b, rect) {
  let enter = 0;
  let exit = 1;
  for (const [from, delta, min, max] of [
    [a.x, b.x - a.x, rect.x, rect.x + rect.width],
    [a.y, b.y - a.y, rect.y, rect.y + rect.height],
  ]) {
    if (delta === 0) {
      if (from <= min || from >= max) return false;
      continue;
    }
    const t1 = (min - from) / delta;
    const t2 = (max - from) / delta;
    enter = Math.max(enter, Math.min(t1, t2));
    exit = Math.min(exit, Math.max(t1, t2));
    if (enter >= exit) return false;
  }
  return true;
}

const round1 = (value) => (value === undefined ? null : Math.round(value * 10) / 10);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
const outDir = join(ROOT, 'bench/results', `bots-${stamp}`);
mkdirSync(outDir, { recursive: true });
const reportsDir = mkdtempSync(join(tmpdir(), 'arena-bots-bench-'));
const runs = [];
console.log(
  `machine: ${cpus().length} x ${cpus()[0]?.model}, node ${process.version}, taskset ${HAS_TASKSET}`,
);
const KINDS = ['server-bots', 'network-clients', 'one-client'];
for (let round = 0; round < ROUNDS; round++) {
  for (let k = 0; k < KINDS.length; k++) {
    const kind = KINDS[(round + k) % KINDS.length];
    const run = { round, ...(await cpuRun(kind, reportsDir)) };
    runs.push(run);
    console.log(JSON.stringify(run));
  }
}
for (let round = 0; round < ROUNDS; round++) {
  for (const bots of round % 2 === 0 ? [FIGHTERS - 1, 0] : [0, FIGHTERS - 1]) {
    const run = {
      kind: bots > 0 ? 'in-process-bots' : 'in-process-alone',
      round,
      bots,
      tick_cpu_us: round1(inProcessRun(bots, 3000)),
    };
    runs.push(run);
    console.log(JSON.stringify(run));
  }
}
const server = await startServer([]);
try {
  for (let round = 0; round < FIGHT_ROUNDS; round++) {
    const run = await fightRun(round);
    runs.push(run);
    console.log(JSON.stringify(run));
  }
} finally {
  await stop(server);
}
writeFileSync(join(outDir, 'runs.jsonl'), `${runs.map((run) => JSON.stringify(run)).join('\n')}\n`);

const of = (kind, field) => runs.filter((run) => run.kind === kind).map((run) => run[field]);
const bots = median(of('server-bots', 'server_cpu_us_per_tick'));
const clients = median(of('network-clients', 'server_cpu_us_per_tick'));
const alone = median(of('one-client', 'server_cpu_us_per_tick'));
const LABELS = {
  'server-bots': `1 client + ${FIGHTERS - 1} server bots`,
  'network-clients': `${FIGHTERS} network clients`,
  'one-client': '1 client alone (baseline)',
};
const lines = [
  `| room of ${FIGHTERS} at ${TICK_HZ} Hz (${ROUNDS} runs each, ${DURATION_S} s windows) | server CPU per tick, median (runs) | tick p50 / p99, median | achieved tick rate |`,
  '| --- | --- | --- | --- |',
  ...KINDS.map(
    (kind) =>
      `| ${LABELS[kind]} | ${median(of(kind, 'server_cpu_us_per_tick')).toFixed(0)} µs (${of(
        kind,
        'server_cpu_us_per_tick',
      )
        .map((v) => v.toFixed(0))
        .join(
          ', ',
        )}) | ${median(of(kind, 'tick_ms_p50')).toFixed(3)} / ${median(of(kind, 'tick_ms_p99')).toFixed(3)} ms | ${median(of(kind, 'achieved_tick_hz')).toFixed(1)} Hz |`,
  ),
  '',
  `server bots / network clients: ${(bots / clients).toFixed(2)} per tick; above the baseline, ${((bots - alone) / (FIGHTERS - 1)).toFixed(1)} µs per bot per tick against ${((clients - alone) / (FIGHTERS - 1)).toFixed(1)} µs per network client (${((bots - alone) / (clients - alone)).toFixed(2)})`,
  '',
  `in process (no network; ${ROUNDS} runs of 3000 ticks each): a tick costs ${median(of('in-process-alone', 'tick_cpu_us')).toFixed(1)} µs with the player alone, ${median(of('in-process-bots', 'tick_cpu_us')).toFixed(1)} µs with ${FIGHTERS - 1} bots: ${((median(of('in-process-bots', 'tick_cpu_us')) - median(of('in-process-alone', 'tick_cpu_us'))) / (FIGHTERS - 1)).toFixed(1)} µs per bot per tick`,
  '',
  `time to a fight (${FIGHT_ROUNDS} fresh rooms, default 4 fighters): welcome ${median(of('time-to-fight', 'welcome_ms')).toFixed(0)} ms, bot in sight ${median(of('time-to-fight', 'bot_in_sight_ms')).toFixed(0)} ms (max ${Math.max(...of('time-to-fight', 'bot_in_sight_ms')).toFixed(0)}), first shot ${median(of('time-to-fight', 'first_shot_ms')).toFixed(0)} ms (max ${Math.max(...of('time-to-fight', 'first_shot_ms')).toFixed(0)})`,
];
writeFileSync(join(outDir, 'table.md'), `${lines.join('\n')}\n`);
console.log(lines.join('\n'));
process.exit(0);

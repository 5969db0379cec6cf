// pnpm fuzz: malformed frames at a live Arena server for a bounded time; prints what it threw and
// how the server answered. Exit 0 when the server survived, 1 when it did not.
import { parseArgs } from 'node:util';
import { type ArenaServer, createArenaServer } from '@arena/server';
import { type FuzzReport, runFuzz } from './run-fuzz';

const USAGE = `Usage: pnpm fuzz [--duration-ms 10000] [--frames N] [--seed N] [--url http://host:port] [--json]
  Stops after --duration-ms or --frames frames, whichever comes first.
  Without --url, a server is started in this process (per-address limits lifted, so the fuzzer's
  many connections reach the checks behind them).`;

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    'duration-ms': { type: 'string', default: '10000' },
    frames: { type: 'string' },
    seed: { type: 'string' },
    url: { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const durationMs = Number(values['duration-ms']);
const seed = values.seed === undefined ? Date.now() & 0x7fffffff : Number(values.seed);
const maxFrames = values.frames === undefined ? undefined : Number(values.frames);
const isFramesBad = maxFrames !== undefined && !(Number.isInteger(maxFrames) && maxFrames > 0);
if (!Number.isInteger(durationMs) || durationMs <= 0 || !Number.isInteger(seed) || isFramesBad) {
  console.error(USAGE);
  process.exit(2);
}

// Anything thrown outside the fuzz loop's own handling is a crash of the server under test
// (when it runs in this process): record it and fail the run.
const crashes: string[] = [];
process.on('uncaughtException', (error) => crashes.push(String(error?.stack ?? error)));
process.on('unhandledRejection', (error) => crashes.push(String(error)));

let server: ArenaServer | undefined;
let url = values.url;
if (url === undefined) {
  server = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    clientDir: '',
    maxConnectionsPerIp: 0,
    ipJoinRatePerMin: 0,
  });
  url = await server.listen();
}
const report = await runFuzz({ url, durationMs, seed, ...(maxFrames === undefined ? {} : { maxFrames }) });
const resources = server?.resources();
await server?.shutdown();
const survived = report.survived && crashes.length === 0;
const result = {
  ...report,
  crashes,
  survived,
  ...(resources === undefined ? {} : { serverResources: resources }),
};
if (values.json) console.log(JSON.stringify(result));
else console.log(describe(result));
process.exit(survived ? 0 : 1);

function describe(r: FuzzReport & { crashes: string[] }): string {
  const refused = Object.values(r.refusals).reduce((sum, n) => sum + n, 0);
  return [
    `fuzz: seed ${r.seed}, ${r.durationMs} ms, ${r.connections} connections, ${r.framesSent} frames`,
    `  by family: ${Object.entries(r.framesByFamily)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `  refused with a code: ${refused} (${
      Object.entries(r.refusals)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    })`,
    `  handshakes refused: ${JSON.stringify(r.handshakeRefusals)}; connections closed by the server: ${r.closedByServer}`,
    `  honest player: ${r.honestSnapshots} snapshots, still playing: ${r.honestStillPlaying}; /healthz ok: ${r.serverHealthy}`,
    `  crashes: ${r.crashes.length}`,
    r.survived && r.crashes.length === 0 ? 'SURVIVED' : 'FAILED',
  ].join('\n');
}

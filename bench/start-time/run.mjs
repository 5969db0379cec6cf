// Start time of a server process: from its spawn to the first 200 from /readyz, for the compiled
// server (`pnpm build`, packages/server/dist) and the source run through tsx (the binary in
// packages/server/bin), interleaved, ROUNDS each; prints each run and the medians.
// Usage: node bench/start-time/run.mjs [ROUNDS]   (run `pnpm build` first)
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROUNDS = Number(process.argv[2] ?? 10);
const server = (path) => fileURLToPath(new URL(`../../packages/server/${path}`, import.meta.url));
const VARIANTS = {
  compiled: server('dist/arena-server.mjs'),
  tsx: server('bin/arena-server.mjs'),
};
const PORT = 3290;

async function readyAfterMs(file) {
  const started = performance.now();
  const child = spawn(
    process.execPath,
    ['--single-threaded-gc', file, '--port', String(PORT), '--host', '127.0.0.1', '--log-level', 'warn'],
    { stdio: 'ignore' },
  );
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) return performance.now() - started;
      if (performance.now() - started > 30_000) throw new Error(`${file} not ready within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const times = { compiled: [], tsx: [] };
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? ['compiled', 'tsx'] : ['tsx', 'compiled'];
  for (const name of order) times[name].push(await readyAfterMs(VARIANTS[name]));
}
for (const [name, values] of Object.entries(times)) {
  console.log(
    `${name}: median ${median(values).toFixed(0)} ms (runs: ${values.map((v) => v.toFixed(0)).join(', ')})`,
  );
}
console.log(`compiled / tsx: ${(median(times.compiled) / median(times.tsx)).toFixed(2)}`);

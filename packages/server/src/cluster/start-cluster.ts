// `pnpm start:cluster --nodes N`: N Arena nodes on this machine (ports 3000+i) sharing one Redis.
// A local redis-server is started on a free port unless --redis-url (or ARENA_REDIS_URL) names one.
// Anything after "--" is passed to every node (e.g. -- --tick-rate 30). Ctrl-C stops it all.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SERVER_NODE_FLAGS } from '../config/node-flags';

// Compiled (packages/server/dist/start-cluster.mjs, `pnpm build`) it starts the compiled server
// beside it; run from source, the binary that loads the source through tsx.
const SERVER_BIN = fileURLToPath(
  import.meta.url.endsWith('.mjs')
    ? new URL('./arena-server.mjs', import.meta.url)
    : new URL('../../bin/arena-server.mjs', import.meta.url),
);
const REDIS_READY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 10_000;

const USAGE = `Usage: pnpm start:cluster [--nodes N] [--base-port 3000] [--public-host localhost]
                          [--redis-url redis://host:port] [-- <arena-server options for every node>]
  --nodes N          server processes to start (1..32), on ports base-port .. base-port+N-1; default 2
  --base-port P      port of the first node; default 3000
  --public-host H    host name players use to reach the nodes (their public URL); default localhost
  --redis-url URL    an existing Redis (also ARENA_REDIS_URL); default: start redis-server on a free port`;

interface LaunchPlan {
  readonly nodes: number;
  readonly basePort: number;
  readonly publicHost: string;
  readonly redisUrl: string | undefined;
  readonly serverArgs: readonly string[];
}

function readPlan(argv: readonly string[]): LaunchPlan | 'help' {
  const split = argv.indexOf('--');
  const own = split === -1 ? argv : argv.slice(0, split);
  const serverArgs = split === -1 ? [] : argv.slice(split + 1);
  const { values } = parseArgs({
    args: [...own],
    options: {
      nodes: { type: 'string' },
      'base-port': { type: 'string' },
      'public-host': { type: 'string' },
      'redis-url': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) return 'help';
  const nodes = Number(values.nodes ?? 2);
  const basePort = Number(values['base-port'] ?? 3000);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > 32)
    throw new Error('--nodes must be an integer in 1..32');
  if (!Number.isInteger(basePort) || basePort < 1 || basePort + nodes - 1 > 65535) {
    throw new Error('--base-port must leave room for every node below 65536');
  }
  return {
    nodes,
    basePort,
    publicHost: values['public-host'] ?? 'localhost',
    redisUrl: values['redis-url'] ?? (process.env.ARENA_REDIS_URL || undefined),
    serverArgs,
  };
}

/** Prefixes each line a child prints, so interleaved logs stay readable. */
function pipeWithPrefix(child: ChildProcess, prefix: string): void {
  for (const [stream, out] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const) {
    let partial = '';
    stream?.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) out.write(`${prefix} ${line}\n`);
    });
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** Starts a private redis-server (nothing saved to disk) and resolves with it once it accepts connections. */
async function startRedis(): Promise<{ child: ChildProcess; url: string }> {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('redis-server is not installed: apt-get install redis-server, or pass --redis-url');
  }
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const deadline = Date.now() + REDIS_READY_TIMEOUT_MS;
  while (!output.includes('Ready to accept connections')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server did not start on port ${port}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { child, url: `redis://127.0.0.1:${port}` };
}

function exitOf(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function main(): Promise<void> {
  let plan: LaunchPlan | 'help';
  try {
    plan = readPlan(process.argv.slice(2));
  } catch (error) {
    console.error(`start-cluster: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (plan === 'help') {
    console.log(USAGE);
    return;
  }
  const redis = plan.redisUrl === undefined ? await startRedis() : undefined;
  const redisUrl = plan.redisUrl ?? redis!.url;
  console.log(
    `start-cluster: ${plan.nodes} node(s) sharing Redis at ${redisUrl}${redis ? ' (started here)' : ''}`,
  );

  const nodes = Array.from({ length: plan.nodes }, (_unused, index) => {
    const port = plan.basePort + index;
    const nodeId = `node-${index + 1}`;
    const child = spawn(
      process.execPath,
      [
        ...SERVER_NODE_FLAGS,
        SERVER_BIN,
        ...['--port', String(port), '--node-id', nodeId, '--redis-url', redisUrl],
        ...['--public-url', `http://${plan.publicHost}:${port}`],
        ...plan.serverArgs,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    pipeWithPrefix(child, `[${nodeId}]`);
    return { nodeId, port, child };
  });

  let isStopping = false;
  const stop = async (exitCode: number) => {
    if (isStopping) return;
    isStopping = true;
    for (const { child } of nodes) child.kill('SIGTERM');
    const deadline = setTimeout(() => {
      for (const { child } of nodes) child.kill('SIGKILL');
    }, STOP_TIMEOUT_MS);
    await Promise.all(nodes.map(({ child }) => exitOf(child)));
    clearTimeout(deadline);
    if (redis !== undefined) {
      redis.child.kill('SIGTERM');
      await exitOf(redis.child);
    }
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  for (const { nodeId, child } of nodes) {
    child.once('exit', (code, signal) => {
      if (isStopping) return;
      console.error(
        `start-cluster: ${nodeId} exited (${signal ?? `code ${code}`}); the other nodes keep running`,
      );
      if (nodes.every((node) => node.child.exitCode !== null || node.child.signalCode !== null)) void stop(1);
    });
  }
  redis?.child.once('exit', () => {
    if (!isStopping) console.error('start-cluster: redis-server exited; nodes keep their rooms and retry');
  });
}

await main();

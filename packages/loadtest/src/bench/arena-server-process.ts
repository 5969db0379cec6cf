import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { pinTo, stopChild } from './child-process';

/**
 * Every bot connects from this machine: its addresses are trusted, i.e. exempt from the
 * per-address limits (connections, joins, API requests, room creations), while every
 * per-socket limit stays on. An environment variable, as a user would set it.
 */
export const LOAD_TEST_LIMITS: Readonly<Record<string, string>> = {
  ARENA_TRUSTED_ADDRESSES: '127.0.0.1,::1',
};

/** A TCP port nothing listens on now (the OS picks it), so a bench never talks to someone else's server. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** A real Arena server binary in its own process, on 127.0.0.1, optionally pinned to one CPU. */
export class ArenaServerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
  ) {}

  /**
   * Starts the `arena-server` binary (packages/server/bin/arena-server.mjs, run as a user runs
   * it, so with the node flags of its shebang) and waits until GET /readyz answers. Its output
   * goes to `logFile`.
   */
  static async start(options: {
    repoRoot: string;
    /** 0: a free port picked now. */
    port: number;
    cpu: number | undefined;
    logFile: string;
    extraArgs?: readonly string[];
    /** More environment for the server (e.g. ARENA_ADMIN_TOKEN, kept off its command line). */
    env?: Readonly<Record<string, string>>;
  }): Promise<ArenaServerProcess> {
    const port = options.port === 0 ? await freePort() : options.port;
    const url = `http://127.0.0.1:${port}`;
    const argv = [
      ...pinTo(options.cpu),
      'packages/server/bin/arena-server.mjs',
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      '--log-level',
      'warn',
      ...(options.extraArgs ?? []),
    ];
    const log = createWriteStream(options.logFile);
    const child = spawn(argv[0]!, argv.slice(1), {
      cwd: options.repoRoot,
      env: { ...process.env, ...LOAD_TEST_LIMITS, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const server = new ArenaServerProcess(child, url);
    const deadline = performance.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`the server exited with ${child.exitCode}; see ${options.logFile}`);
      try {
        const response = await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(1000) });
        if (response.ok) return server;
      } catch {
        // not listening yet
      }
      if (performance.now() > deadline) {
        await server.stop();
        throw new Error(`the server did not become ready in 30 s; see ${options.logFile}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  stop(): Promise<void> {
    return stopChild(this.child, 10_000);
  }
}

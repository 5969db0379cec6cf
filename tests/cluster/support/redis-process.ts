import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from '@arena/testing';

/** Whether redis-server is installed (scripts/ensure-system-packages.sh installs it for the suite). */
export function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on 127.0.0.1 (asked from the OS, then released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/**
 * A private redis-server for one test file: 127.0.0.1 and a free port, nothing saved to disk,
 * never the machine's own Redis. `kill` and `start` again on the same port simulate a restart.
 */
export class RedisProcess {
  private child: ChildProcess | undefined;
  private output = '';

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisProcess> {
    const redis = new RedisProcess(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server (again) and resolves once it accepts connections. */
  async start(): Promise<void> {
    this.output = '';
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    await waitFor(
      () => {
        if (child.exitCode !== null)
          throw new Error(`redis-server exited on port ${this.port}:\n${this.output}`);
        return /Ready to accept connections/.test(this.output);
      },
      `redis-server to start on port ${this.port}`,
      { detail: () => this.output },
    );
  }

  /** Kills redis-server at once (SIGKILL: a crash, everything in memory lost) and waits for the exit. */
  async kill(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_FLAGS } from '@arena/server';
import { waitFor } from '@arena/testing';

const BIN = fileURLToPath(new URL('../../../packages/server/bin/arena-server.mjs', import.meta.url));

/** An Arena node in its own process (the arena-server binary), so a test can SIGKILL it. */
export class NodeProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /**
   * Runs the binary with `args` (after --host 127.0.0.1 --port 0 --client-dir ''); `nodeArgs` go to
   * node before the binary (e.g. --import), `env` is added to the environment, `bin` replaces the
   * binary (e.g. the compiled server).
   */
  static spawn(
    args: readonly string[],
    launch: {
      readonly nodeArgs?: readonly string[];
      readonly env?: Readonly<Record<string, string>>;
      readonly bin?: string;
    } = {},
  ): NodeProcess {
    const child = spawn(
      process.execPath,
      [
        ...SERVER_NODE_FLAGS,
        ...(launch.nodeArgs ?? []),
        launch.bin ?? BIN,
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--client-dir',
        '',
        ...args,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...launch.env } },
    );
    return new NodeProcess(child);
  }

  get log(): string {
    return this.output;
  }

  /** Resolves with the node's URL once it listens; rejects with its output if it exits first. */
  async url(timeoutMs = 20_000): Promise<string> {
    const match = await waitFor(
      () => {
        const found = /open (http:\/\/[^\s"]+) to play/.exec(this.output);
        if (found === null && this.child.exitCode !== null) throw new Error(`node exited:\n${this.output}`);
        return found;
      },
      'the node to listen',
      { timeoutMs, detail: () => this.output },
    );
    return match[1]!.replace('localhost', '127.0.0.1');
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

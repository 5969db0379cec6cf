import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ErrorCode } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { afterEach, expect, test } from 'vitest';
import { TestClient } from './support/test-client';

const BIN = fileURLToPath(new URL('../packages/server/bin/arena-server.mjs', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

function startBinary(args: string[]): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
} {
  // Run as a user runs `arena-server`: the file itself, so its shebang's node flags apply.
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForUrl(output: () => string): Promise<string> {
  const match = await waitFor(() => /open (http:\/\/[^\s"]+) to play/.exec(output()), 'the server to start', {
    timeoutMs: 15_000,
    detail: output,
  });
  return match[1]!.replace('localhost', '127.0.0.1');
}

test('the arena-server binary serves, and on SIGTERM tells clients SERVER_SHUTDOWN and exits 0', async () => {
  const server = startBinary([
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--client-dir',
    '',
    '--shutdown-timeout-ms',
    '3000',
  ]);
  const url = await waitForUrl(server.output);
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  // The launch flags (node-flags.ts) took effect: V8 collects garbage on the main thread only.
  expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^arena_single_threaded_gc 1$/m);
  const client = await TestClient.connect(url);
  await client.join('any', 'last-one-out');
  server.child.kill('SIGTERM');
  expect(await server.exited).toBe(0);
  await client.waitFor(() => client.disconnectReason !== undefined, 'disconnect');
  expect(client.ofType('error').at(-1)?.code).toBe(ErrorCode.SERVER_SHUTDOWN);
  client.close();
});

test('a bad option stops the binary at start with the reason and exit code 2', async () => {
  const server = startBinary(['--tick-rate', '500']);
  expect(await server.exited).toBe(2);
  expect(server.output()).toMatch(/tickRateHz must be an integer in 10\.\.128, got 500/);
  expect(server.output()).toContain('Usage: arena-server');
});

test('--help lists every option with its environment variable and default', async () => {
  const server = startBinary(['--help']);
  expect(await server.exited).toBe(0);
  for (const flag of [
    '--port',
    '--tick-rate',
    '--strategy',
    '--max-players',
    '--room-idle-ms',
    '--log-level',
  ]) {
    expect(server.output()).toContain(flag);
  }
  expect(server.output()).toContain('ARENA_TICK_RATE');
});

import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** `taskset -c CPU` in front of a command where taskset exists (Linux), else nothing. */
export function pinTo(cpu: number | undefined): string[] {
  if (cpu === undefined || !hasTaskset()) return [];
  return ['taskset', '-c', String(cpu)];
}

let tasksetFound: boolean | undefined;
export function hasTaskset(): boolean {
  tasksetFound ??= ['/usr/bin/taskset', '/bin/taskset', '/usr/local/bin/taskset'].some((p) => existsSync(p));
  return tasksetFound;
}

export interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

/** A bounded child still running: its PID, how it ends, and a way to end it early. */
export interface BoundedChild {
  readonly pid: number | undefined;
  readonly finished: Promise<Finished>;
  /** SIGTERM (SIGKILL `graceMs` later, default 5 s); resolves when it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a command with a hard time limit (SIGTERM, then SIGKILL 5 s later), keeping its output.
 * Every child gets its own PID and is ended by that PID only.
 */
export function startBounded(
  argv: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv; onStderr?: (chunk: string) => void },
): BoundedChild {
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const finished = new Promise<Finished>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      options.onStderr?.(chunk.toString());
    });
    const timer = setTimeout(() => {
      timedOut = true;
      stopChild(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
  return { pid: child.pid, finished, stop: (graceMs) => stopChild(child, graceMs) };
}

/** Runs a command to completion with a hard time limit (startBounded), keeping its output. */
export function runBounded(
  argv: readonly string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv; onStderr?: (chunk: string) => void },
): Promise<Finished> {
  return startBounded(argv, options).finished;
}

/** SIGTERM, then SIGKILL if still alive after `graceMs`; resolves when it has exited. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

import { execFile, execFileSync } from 'node:child_process';
import { round } from '../report/stats';
import type { HttpLoadOptions, HttpLoadResult } from './http-load';

/** Whether Debian's `wrk` (apt-get install wrk) is on the PATH. */
export function hasWrk(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version prints its usage and exits 1: it is there
    return (error as { status?: number }).status === 1;
  }
}

/**
 * The same load as `httpLoad`, from `wrk` (one thread, `concurrency` connections; 'new' sends
 * `Connection: close`, so each request opens its own connection). A load generator written in C
 * drives a Node server to its own limit from a fraction of a core, where a Node client tops out
 * first and would measure its own share of the core rather than the server. Latency is wrk's:
 * from the request's write to its answer (a new connection's connect not included).
 */
export async function wrkLoad(options: HttpLoadOptions): Promise<HttpLoadResult> {
  const args = [
    '-t1',
    `-c${options.concurrency}`,
    `-d${Math.max(1, Math.round(options.durationS))}s`,
    '--latency',
  ];
  args.push(`--timeout`, `${Math.ceil((options.timeoutMs ?? 10_000) / 1000)}s`);
  if (options.connections === 'new') args.push('-H', 'Connection: close');
  args.push(options.url);
  const output = await new Promise<string>((resolve, reject) => {
    execFile('wrk', args, { timeout: (options.durationS + 30) * 1000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`wrk failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
  return {
    ...parseWrkOutput(output),
    url: options.url,
    connections: options.connections,
    concurrency: options.concurrency,
  };
}

/** The figures of wrk's `--latency` report. */
export function parseWrkOutput(text: string): Omit<HttpLoadResult, 'url' | 'connections' | 'concurrency'> {
  const requests = /(\d+) requests in ([\d.]+)(us|ms|s|m),/.exec(text);
  if (requests === null) throw new Error(`wrk's report has no request count:\n${text}`);
  const total = Number(requests[1]);
  const seconds = toMs(Number(requests[2]), requests[3]!) / 1000;
  const errorsLine = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  // wrk counts a read error when the server closes a Connection: close socket after answering:
  // those requests were answered. Refused connects, write errors and timeouts are failures.
  const errors =
    errorsLine === null ? 0 : Number(errorsLine[1]) + Number(errorsLine[3]) + Number(errorsLine[4]);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(text)?.[1] ?? 0);
  const ok = total - non2xx;
  const latency = (label: string) => {
    const match = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(text);
    return match === null ? null : round(toMs(Number(match[1]), match[2]!), 2);
  };
  const max = /Latency\s+[\d.]+\w+\s+[\d.]+\w+\s+([\d.]+)(us|ms|s|m)/.exec(text);
  return {
    duration_s: round(seconds, 2),
    ok,
    non_2xx: non2xx,
    errors,
    error_samples: errors > 0 && errorsLine !== null ? [errorsLine[0]] : [],
    rps: round(seconds > 0 ? ok / seconds : undefined, 1),
    ms_p50: latency('50%'),
    ms_p99: latency('99%'),
    ms_max: max === null ? null : round(toMs(Number(max[1]), max[2]!), 2),
  };
}

function toMs(value: number, unit: string): number {
  switch (unit) {
    case 'us':
      return value / 1000;
    case 's':
      return value * 1000;
    case 'm':
      return value * 60_000;
    default:
      return value;
  }
}

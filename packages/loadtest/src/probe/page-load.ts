import { Agent, request } from 'undici';
import { percentile, round } from '../report/stats';
import { assetPathsOfHtml, assetPathsOfScript } from './page-assets';

/** One whole page load: "/" and every file it needs, each on a fresh connection. */
export interface PageLoad {
  readonly ms: number;
  /** Files fetched besides "/". */
  readonly assets: readonly string[];
  readonly bytes: number;
  /** Files that did not answer 200. */
  readonly failures: readonly string[];
}

/** Figures of repeated page loads. */
export interface PageLoadResult {
  readonly loads: number;
  readonly failed_loads: number;
  readonly assets_per_page: number;
  readonly bytes_per_page: number | null;
  readonly ms_p50: number | null;
  readonly ms_p99: number | null;
  readonly error_samples: readonly string[];
}

/** Most files one page load follows (a bound against a page that names itself in a loop). */
const MAX_FILES = 64;

/**
 * Loads the page at `baseUrl` as a first-time visitor's browser would: GET "/", then every file it
 * links in parallel, then what those scripts import (Vite's lazily loaded chunks included), each
 * request on its own new connection. The time runs until the last byte of the last file.
 */
export async function loadPage(baseUrl: string, timeoutMs = 30_000): Promise<PageLoad> {
  // connections: null = no cap; reset closes each after its answer: no connection is reused.
  const agent = new Agent({ pipelining: 1 });
  const fetched = new Set<string>();
  const failures: string[] = [];
  let bytes = 0;
  const get = async (path: string): Promise<string | undefined> => {
    const response = await request(new URL(path, baseUrl), {
      dispatcher: agent,
      reset: true,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const body = await response.body.text();
    bytes += Buffer.byteLength(body);
    if (response.statusCode !== 200) {
      failures.push(`${path}: HTTP ${response.statusCode}`);
      return undefined;
    }
    return body;
  };
  const follow = async (path: string): Promise<void> => {
    if (fetched.has(path) || fetched.size >= MAX_FILES) return;
    fetched.add(path);
    const body = await get(path);
    if (body === undefined || !/\.m?js$/.test(path)) return;
    await Promise.all(assetPathsOfScript(body, path).map(follow));
  };
  const start = performance.now();
  try {
    const html = await get('/');
    if (html !== undefined) await Promise.all(assetPathsOfHtml(html).map(follow));
  } finally {
    await agent.close();
  }
  return { ms: performance.now() - start, assets: [...fetched], bytes, failures };
}

/** `count` page loads one after another (a load that throws counts as failed). */
export async function pageLoads(baseUrl: string, count: number): Promise<PageLoadResult> {
  const times: number[] = [];
  const samples: string[] = [];
  let failed = 0;
  let last: PageLoad | undefined;
  for (let i = 0; i < count; i++) {
    try {
      const load = await loadPage(baseUrl);
      last = load;
      if (load.failures.length > 0) {
        failed++;
        if (samples.length < 5) samples.push(...load.failures.slice(0, 5 - samples.length));
      } else times.push(load.ms);
    } catch (error) {
      failed++;
      if (samples.length < 5) samples.push((error as Error).message);
    }
  }
  return {
    loads: count,
    failed_loads: failed,
    assets_per_page: last?.assets.length ?? 0,
    bytes_per_page: last === undefined ? null : last.bytes,
    ms_p50: round(percentile(times, 50), 1),
    ms_p99: round(percentile(times, 99), 1),
    error_samples: samples,
  };
}

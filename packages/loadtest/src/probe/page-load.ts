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

/** A file of the page, and the files a browser fetches once it has it (what it links or imports). */
export interface PageFile {
  readonly path: string;
  readonly next: readonly PageFile[];
}

/** GET `path` on a new connection of `agent` (reset: never reused); the status and the body. */
async function get(
  agent: Agent,
  baseUrl: string,
  path: string,
  timeoutMs: number,
  as: 'text' | 'bytes',
): Promise<{ status: number; text: string; bytes: number }> {
  const response = await request(new URL(path, baseUrl), {
    dispatcher: agent,
    reset: true,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  if (as === 'text') {
    const text = await response.body.text();
    return { status: response.statusCode, text, bytes: Buffer.byteLength(text) };
  }
  const body = await response.body.arrayBuffer();
  return { status: response.statusCode, text: '', bytes: body.byteLength };
}

/**
 * The page's files, found as a first-time visitor's browser finds them: "/", every file it links,
 * then what those scripts import (Vite's lazily loaded chunks included).
 */
export async function discoverPage(baseUrl: string, timeoutMs = 30_000): Promise<PageFile> {
  const agent = new Agent({ pipelining: 1 });
  const seen = new Set<string>(['/']);
  const follow = async (path: string): Promise<PageFile> => {
    const answer = await get(agent, baseUrl, path, timeoutMs, 'text');
    if (answer.status !== 200) throw new Error(`${path}: HTTP ${answer.status}`);
    const found =
      path === '/'
        ? assetPathsOfHtml(answer.text)
        : /\.m?js$/.test(path)
          ? assetPathsOfScript(answer.text, path)
          : [];
    const fresh = found.filter((next) => !seen.has(next) && seen.size < MAX_FILES);
    for (const next of fresh) seen.add(next);
    return { path, next: await Promise.all(fresh.map(follow)) };
  };
  try {
    return await follow('/');
  } finally {
    await agent.close();
  }
}

/**
 * One whole page load, as a browser loads `page`: "/", then every file it links in parallel, then
 * what those scripts import, each request on its own new connection; the time runs until the last
 * byte of the last file. Bodies are read as bytes, not parsed (the files were found by
 * discoverPage): the probe shares its core with the bots, and what it measures is the server.
 */
export async function loadPage(baseUrl: string, page: PageFile, timeoutMs = 30_000): Promise<PageLoad> {
  const agent = new Agent({ pipelining: 1 });
  const assets: string[] = [];
  const failures: string[] = [];
  let bytes = 0;
  const fetchFile = async (file: PageFile): Promise<void> => {
    if (file.path !== '/') assets.push(file.path);
    const answer = await get(agent, baseUrl, file.path, timeoutMs, 'bytes');
    bytes += answer.bytes;
    if (answer.status !== 200) {
      failures.push(`${file.path}: HTTP ${answer.status}`);
      return;
    }
    await Promise.all(file.next.map(fetchFile));
  };
  const start = performance.now();
  try {
    await fetchFile(page);
  } finally {
    await agent.close();
  }
  return { ms: performance.now() - start, assets, bytes, failures };
}

/**
 * `count` page loads one after another (a load that throws counts as failed), after a first,
 * untimed one that finds the page's files.
 */
export async function pageLoads(baseUrl: string, count: number): Promise<PageLoadResult> {
  const times: number[] = [];
  const samples: string[] = [];
  let failed = 0;
  let last: PageLoad | undefined;
  let page: PageFile;
  try {
    page = await discoverPage(baseUrl);
  } catch (error) {
    return {
      loads: count,
      failed_loads: count,
      assets_per_page: 0,
      bytes_per_page: null,
      ms_p50: null,
      ms_p99: null,
      error_samples: [(error as Error).message],
    };
  }
  for (let i = 0; i < count; i++) {
    try {
      const load = await loadPage(baseUrl, page);
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

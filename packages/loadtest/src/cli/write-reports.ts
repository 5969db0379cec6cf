import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes `<dir>/<name>.json` and `<dir>/<name>.html`; returns their paths. */
export async function writeReports(
  dir: string,
  name: string,
  json: unknown,
  html: string,
): Promise<{ json: string; html: string }> {
  await mkdir(dir, { recursive: true });
  const paths = { json: join(dir, `${name}.json`), html: join(dir, `${name}.html`) };
  await writeFile(paths.json, `${JSON.stringify(json, null, 2)}\n`);
  await writeFile(paths.html, html);
  return paths;
}

/** A file-name-safe timestamp: 2026-01-31T12-34-56. */
export function fileStamp(date = new Date()): string {
  return date.toISOString().slice(0, 19).replace(/:/g, '-');
}

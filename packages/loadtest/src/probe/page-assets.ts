/**
 * The files a built page needs: what index.html links (scripts, stylesheets, preloads, icons) and
 * what its scripts import (Vite's chunks: "/assets/x.js" or "./x.js" next to the script). Only
 * same-origin paths count; data: and other origins do not.
 */

const HTML_REFERENCE = /<(?:script|link)\b[^>]*?\b(?:src|href)\s*=\s*["']([^"']+)["']/gi;
const SCRIPT_REFERENCE = /["'`]((?:\/assets\/|\.\.?\/)[\w./-]+\.(?:js|mjs|css|wasm|png|svg|webp|json))["'`]/g;

/** Same-origin paths of the files `html` links, resolved against `pagePath` (e.g. "/"). */
export function assetPathsOfHtml(html: string, pagePath = '/'): string[] {
  const paths = new Set<string>();
  for (const [, reference] of html.matchAll(HTML_REFERENCE)) {
    const path = sameOriginPath(reference!, pagePath);
    if (path !== undefined) paths.add(path);
  }
  return [...paths];
}

/** Same-origin paths a script at `scriptPath` imports or names, resolved against it. */
export function assetPathsOfScript(source: string, scriptPath: string): string[] {
  const paths = new Set<string>();
  for (const [, reference] of source.matchAll(SCRIPT_REFERENCE)) {
    const path = sameOriginPath(reference!, scriptPath);
    if (path !== undefined && path !== scriptPath) paths.add(path);
  }
  return [...paths];
}

const ORIGIN = 'http://page.invalid';

function sameOriginPath(reference: string, basePath: string): string | undefined {
  if (/^(?:data|blob|javascript|mailto):/i.test(reference) || reference.startsWith('#')) return undefined;
  const url = new URL(reference, new URL(basePath, ORIGIN));
  return url.origin === ORIGIN ? url.pathname : undefined;
}

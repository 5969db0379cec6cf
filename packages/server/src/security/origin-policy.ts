/**
 * Which web pages may open a socket. Browsers always send `Origin` on WebSocket handshakes and on
 * cross-site requests, and a page cannot forge it, so checking it stops another site from using
 * a visitor's browser as a client. Socket.IO's `cors` option does not do this: CORS only governs
 * what a page may read, and WebSocket handshakes bypass it entirely.
 *
 * Allowed: requests without an `Origin` (bots, load tests, same-origin polling in some browsers),
 * the server's own origin (its `Host` header, which also covers a dev proxy that keeps `Host`),
 * and the origins listed in the `allowedOrigins` option ("*" allows any).
 */
export type OriginAllowList = 'any' | ReadonlySet<string>;

/** Parses the `allowedOrigins` option; undefined when it is malformed. */
export function parseAllowedOrigins(value: string): OriginAllowList | undefined {
  const trimmed = value.trim();
  if (trimmed === '*') return 'any';
  const origins = new Set<string>();
  for (const entry of trimmed.split(',')) {
    const item = entry.trim();
    if (item === '') continue;
    const origin = normaliseOrigin(item);
    if (origin === undefined) return undefined;
    origins.add(origin);
  }
  return origins;
}

/** Undefined when the handshake's origin is acceptable, else the reason it is not. */
export function checkOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowed: OriginAllowList,
): string | undefined {
  if (origin === undefined || allowed === 'any') return undefined;
  const normalised = normaliseOrigin(origin);
  if (normalised === undefined) return `origin "${origin.slice(0, 80)}" is not a web origin`;
  if (host !== undefined && new URL(normalised).host === host.toLowerCase()) return undefined;
  if (allowed.has(normalised)) return undefined;
  return `pages from ${normalised} may not connect to this server`;
}

/** `scheme://host[:port]` in lower case, for http(s) origins only. */
function normaliseOrigin(value: string): string | undefined {
  if (!/^https?:\/\/[^/?#\s]+$/i.test(value)) return undefined;
  try {
    return new URL(value).origin.toLowerCase();
  } catch {
    return undefined;
  }
}

import { isIP } from 'node:net';

/**
 * Client addresses exempt from the per-address limits (connections per address, joins per
 * address per minute, the HTTP API's rate limits): the machine a load test runs from, or a
 * monitoring host. Everything per socket still applies to them (message rate, payload size,
 * bad messages, slow consumers): a trusted address is trusted not to be many people, not to be
 * well-behaved.
 */
export type TrustedAddresses = ReadonlySet<string>;

/** An address as the limits key it: IPv4 clients of a dual-stack socket without the `::ffff:` prefix. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** Parses the `trustedAddresses` option (comma-separated IP addresses); undefined when malformed. */
export function parseTrustedAddresses(value: string): TrustedAddresses | undefined {
  const addresses = new Set<string>();
  for (const entry of value.split(',')) {
    const item = entry.trim();
    if (item === '') continue;
    if (isIP(item) === 0) return undefined;
    addresses.add(normaliseAddress(item));
  }
  return addresses;
}

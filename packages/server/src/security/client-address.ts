import type { IncomingMessage } from 'node:http';
import proxyaddr from '@fastify/proxy-addr';
import { normaliseAddress } from './trusted-addresses';

/** Whether a hop (a peer address, `hop` 0 being the TCP peer) is a proxy whose forwarding headers are believed. */
export type ProxyTrust = (address: string, hop: number) => boolean;

/**
 * Who a request comes from. Without trusted proxies it is the TCP peer. Behind them it is the
 * nearest address in `X-Forwarded-For` that is not a trusted proxy, read from the right (the
 * entries a client writes itself are on the left, so a forged header buys it nothing). One rule
 * serves Fastify (`trustProxy`) and Socket.IO's handshakes, which Fastify does not see, so every
 * per-address limit, the trusted-address list, the logs and the metrics name the same client.
 */
export class ClientAddresses {
  /** Fastify's `trustProxy`: false, or the same rule. */
  readonly fastifyTrustProxy: false | ProxyTrust;
  private readonly trust: ProxyTrust | undefined;

  constructor(trustProxy: string) {
    this.trust = compileProxyTrust(trustProxy);
    this.fastifyTrustProxy = this.trust ?? false;
  }

  /** The client's address as every limit keys it (IPv4-mapped IPv6 written as plain IPv4). */
  of(request: IncomingMessage): string {
    if (this.trust === undefined || request.socket?.remoteAddress === undefined) return remoteIpOf(request);
    return normaliseAddress(proxyaddr(request, this.trust));
  }

  /** Whether any proxy is trusted: the server runs behind one. */
  get hasProxies(): boolean {
    return this.trust !== undefined;
  }

  /**
   * Whether a TCP peer is a trusted proxy: its connections carry many clients, so the per-address
   * cap at accept does not apply to it (each client is counted at its handshake, by its own address).
   */
  isProxy(peerAddress: string): boolean {
    return this.trust?.(peerAddress, 0) === true;
  }
}

/** The `trustProxy` option: '' (none), or comma-separated addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`. */
export function compileProxyTrust(value: string): ProxyTrust | undefined {
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return entries.length === 0 ? undefined : proxyaddr.compile(entries);
}

/** Whether the `trustProxy` option parses (proxy-addr throws on an address or range it cannot read). */
export function isValidProxyTrust(value: string): boolean {
  try {
    compileProxyTrust(value);
    return true;
  } catch {
    return false;
  }
}

/** The client's IP as the TCP connection sees it (IPv4-mapped IPv6 written as plain IPv4). */
export function remoteIpOf(request: IncomingMessage): string {
  return normaliseAddress(request.socket?.remoteAddress ?? 'unknown');
}

import type { Socket } from 'node:net';
import { ErrorCode } from '@arena/protocol';
import type { Logger } from '../rooms/room-types';
import { RefusalLog } from './refusal-log';
import { normaliseAddress, type TrustedAddresses } from './trusted-addresses';

/**
 * Open TCP connections an address may hold per engine.io connection it may hold
 * (`maxConnectionsPerIp`): a polling client holds two at times (its long poll and a POST), a
 * WebSocket one; the rest is room for page loads and API calls beside the players.
 */
export const TCP_CONNECTIONS_PER_HANDSHAKE = 2;

/** The per-address cap on open TCP connections that goes with a handshake cap (0 = none). */
export function tcpCapPerIp(maxConnectionsPerIp: number): number {
  return maxConnectionsPerIp * TCP_CONNECTIONS_PER_HANDSHAKE;
}

export interface OpenConnectionLimitsOptions {
  /** Open TCP connections per address; 0 = no limit. */
  readonly maxPerIp: number;
  /** Open TCP connections in all; 0 = no limit. */
  readonly maxTotal: number;
  /** Addresses the per-address cap does not apply to; they still count towards `maxTotal`. */
  readonly trustedAddresses: TrustedAddresses;
  /** Trusted proxies (`trustProxy`): their connections carry many clients, each capped at its handshake instead. */
  readonly isProxy?: (address: string) => boolean;
  readonly logger: Logger;
  readonly refused?: (code: ErrorCode) => void;
}

/** A refusal, with the whole HTTP answer it is written as. */
interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
  readonly answer: Buffer;
}

/**
 * Counts TCP connections from the moment they are accepted until they close, before any byte of
 * theirs is read, and refuses one that would take its address over `maxPerIp` (RATE_LIMITED,
 * HTTP 429; trusted addresses exempt) or the process over `maxTotal` (SERVER_FULL, HTTP 503). So
 * connections that never send a byte, or send their headers slowly, cost their address its own
 * slots and nobody else's, until the idle timeout closes them.
 *
 * A refused connection is answered at once with a complete HTTP response whose JSON body carries
 * the code (any HTTP client, a browser's WebSocket included, reads it as a refusal, where Node's
 * `maxConnections` would reset it without a word), then closed; what it sent is never parsed.
 */
export class OpenConnectionLimits {
  private readonly byIp = new Map<string, number>();
  private total = 0;
  private readonly overAddress: Refusal;
  private readonly overTotal: Refusal;
  private readonly refusals: RefusalLog;

  constructor(private readonly options: OpenConnectionLimitsOptions) {
    this.overAddress = refusal(
      429,
      'Too Many Requests',
      ErrorCode.RATE_LIMITED,
      `too many open connections from your address (at most ${options.maxPerIp})`,
    );
    this.overTotal = refusal(
      503,
      'Service Unavailable',
      ErrorCode.SERVER_FULL,
      'the server holds as many connections as it can; retry later',
    );
    this.refusals = new RefusalLog(
      options.logger,
      'refused a TCP connection (logged once a minute per address and code)',
    );
  }

  /** Open TCP connections, trusted addresses' included. */
  get openTotal(): number {
    return this.total;
  }

  /** Open TCP connections per address (for tests and diagnostics). */
  get openByIp(): ReadonlyMap<string, number> {
    return this.byIp;
  }

  /**
   * A connection was accepted: counts it until it closes and returns true, or refuses it and
   * returns false. `mayAnswer` false closes a refused one without an answer (when the HTTP server
   * would parse what it sends meanwhile).
   */
  readonly admit = (socket: Socket, mayAnswer = true): boolean => {
    const ip = normaliseAddress(socket.remoteAddress ?? 'unknown');
    const count = this.byIp.get(ip) ?? 0;
    const { maxPerIp, maxTotal } = this.options;
    if (maxPerIp > 0 && count >= maxPerIp && !this.isExempt(ip)) {
      this.refuse(socket, ip, this.overAddress, mayAnswer);
      return false;
    }
    if (maxTotal > 0 && this.total >= maxTotal) {
      this.refuse(socket, ip, this.overTotal, mayAnswer);
      return false;
    }
    this.byIp.set(ip, count + 1);
    this.total++;
    socket.once('close', () => this.release(ip));
    return true;
  };

  private isExempt(ip: string): boolean {
    return this.options.trustedAddresses.has(ip) || this.options.isProxy?.(ip) === true;
  }

  private release(ip: string): void {
    this.total--;
    const count = (this.byIp.get(ip) ?? 1) - 1;
    if (count <= 0) this.byIp.delete(ip);
    else this.byIp.set(ip, count);
  }

  private refuse(socket: Socket, ip: string, refusal: Refusal, mayAnswer: boolean): void {
    this.options.refused?.(refusal.code);
    this.refusals.refused(ip, refusal.code, refusal.message);
    socket.on('error', () => {});
    if (!mayAnswer) {
      socket.destroy();
      return;
    }
    // Read and drop what the client sends meanwhile: a socket closed with unread bytes sends a
    // reset, which can overtake the answer. The socket is not kept for a client that never closes.
    socket.resume();
    socket.end(refusal.answer, () => socket.destroy());
  }
}

function refusal(status: number, statusText: string, code: ErrorCode, message: string): Refusal {
  const body = JSON.stringify({ error: { code, message } });
  const answer = Buffer.from(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n' +
      '\r\n' +
      body,
  );
  return { code, message, answer };
}

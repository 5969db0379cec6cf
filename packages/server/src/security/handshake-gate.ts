import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '@arena/protocol';
import type { Logger } from '../rooms/room-types';
import type { EngineConnection } from '../transport/stack-internals';
import { type ClientAddresses, remoteIpOf } from './client-address';
import { checkOrigin, type OriginAllowList } from './origin-policy';
import { RefusalLog } from './refusal-log';
import type { TrustedAddresses } from './trusted-addresses';

/** How long a handshake that passed the gate may take to become a connection before its slot is released. */
const RESERVATION_MS = 10_000;

export interface HandshakeGateOptions {
  readonly allowedOrigins: OriginAllowList;
  /** 0 = no limit. */
  readonly maxConnectionsPerIp: number;
  /** Addresses the connection cap does not apply to (see trusted-addresses.ts). */
  readonly trustedAddresses?: TrustedAddresses;
  /** Who a handshake comes from (behind trusted proxies, from X-Forwarded-For); the TCP peer by default. */
  readonly clientAddresses?: ClientAddresses;
  readonly isAccepting: () => boolean;
  readonly logger: Logger;
  readonly refused?: (code: ErrorCode) => void;
}

/**
 * Engine.io's `allowRequest`: the first thing a new connection meets, for polling and WebSocket
 * alike (Socket.IO's `cors` option does not stop WebSockets). It refuses, before any connection
 * state exists: while the server drains (SERVER_SHUTDOWN), a foreign page origin (BAD_ORIGIN), and
 * an address over its connection cap (RATE_LIMITED). The refusal's HTTP body (engine.io's JSON
 * `message` on polling, the plain body on a WebSocket upgrade) starts with the catalogue code.
 */
export class HandshakeGate {
  private readonly connectionsByIp = new Map<string, number>();
  private readonly reservations = new WeakMap<IncomingMessage, NodeJS.Timeout>();
  private readonly refusals: RefusalLog;

  constructor(private readonly options: HandshakeGateOptions) {
    this.refusals = new RefusalLog(
      options.logger,
      'refused a handshake (logged once a minute per address and code)',
    );
  }

  /** Connections (open or being opened) per address, for tests and diagnostics. */
  get openByIp(): ReadonlyMap<string, number> {
    return this.connectionsByIp;
  }

  readonly allowRequest = (
    request: IncomingMessage,
    callback: (error: string | null | undefined, success: boolean) => void,
  ): void => {
    const ip = this.options.clientAddresses?.of(request) ?? remoteIpOf(request);
    const refusal = this.check(request, ip);
    if (refusal !== undefined) {
      this.options.refused?.(refusal.code);
      this.refusals.refused(ip, refusal.code, refusal.message);
      callback(`${refusal.code}: ${refusal.message}`, false);
      return;
    }
    this.add(ip, 1);
    const timer = setTimeout(() => {
      if (this.reservations.delete(request)) this.add(ip, -1);
    }, RESERVATION_MS);
    timer.unref();
    this.reservations.set(request, timer);
    callback(null, true);
  };

  /** A handshake became a connection: its slot is held until the connection closes. */
  connectionOpened(conn: EngineConnection, ip: string): void {
    const timer = this.reservations.get(conn.request);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.reservations.delete(conn.request);
    } else {
      this.add(ip, 1);
    }
    conn.once('close', () => this.add(ip, -1));
  }

  private check(request: IncomingMessage, ip: string): { code: ErrorCode; message: string } | undefined {
    if (!this.options.isAccepting()) {
      return { code: ErrorCode.SERVER_SHUTDOWN, message: 'the server is shutting down' };
    }
    const origin = request.headers.origin;
    const badOrigin = checkOrigin(origin, request.headers.host, this.options.allowedOrigins);
    if (badOrigin !== undefined) return { code: ErrorCode.BAD_ORIGIN, message: badOrigin };
    const max = this.options.maxConnectionsPerIp;
    if (max > 0 && !this.options.trustedAddresses?.has(ip) && (this.connectionsByIp.get(ip) ?? 0) >= max) {
      return {
        code: ErrorCode.RATE_LIMITED,
        message: `too many connections from your address (at most ${max})`,
      };
    }
    return undefined;
  }

  private add(ip: string, delta: number): void {
    const count = (this.connectionsByIp.get(ip) ?? 0) + delta;
    if (count <= 0) this.connectionsByIp.delete(ip);
    else this.connectionsByIp.set(ip, count);
  }
}

import type { IncomingMessage } from 'node:http';
import { normaliseAddress } from '../security/trusted-addresses';

/**
 * The parts of an engine.io connection (engine.io's `Socket`, `socket.conn` in Socket.IO) the
 * guards use. engine.io is not a direct dependency, so this names them structurally.
 */
export interface EngineConnection {
  readonly id: string;
  readonly request: IncomingMessage;
  readonly readyState: string;
  /** Packets engine.io holds while the transport is not writable. */
  readonly writeBuffer: readonly EnginePacket[];
  readonly transport?: {
    readonly name: string;
    /** The `ws` WebSocket on the websocket transport. */
    readonly socket?: { readonly bufferedAmount?: number; readonly readyState?: number; terminate?(): void };
  };
  write(data: Uint8Array): void;
  close(discard?: boolean): void;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
}

export interface EnginePacket {
  readonly type: string;
  readonly data?: unknown;
}

/** A decoded Socket.IO packet (socket.io-parser's shape). */
export interface SocketPacket {
  type: number;
  nsp: string;
  data?: unknown;
  id?: number;
}

/** Byte length of a frame or packet payload (binary or text). */
export function byteLengthOf(data: unknown): number {
  if (data instanceof Uint8Array) return data.byteLength;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (typeof data === 'string') return Buffer.byteLength(data);
  return 0;
}

/** The client's IP as the TCP connection sees it (IPv4-mapped IPv6 written as plain IPv4). */
export function remoteIpOf(request: IncomingMessage): string {
  return normaliseAddress(request.socket?.remoteAddress ?? 'unknown');
}

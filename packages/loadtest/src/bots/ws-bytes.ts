/**
 * Byte counting as ../shared/bench/SCENARIO.md defines it: WebSocket payload + frame header as
 * received, no TCP/IP headers. Server-to-client frames are unmasked and unfragmented here.
 */

/** Header size of an unmasked server-to-client WebSocket frame carrying `payloadBytes`. */
export function wsHeaderBytes(payloadBytes: number): number {
  return payloadBytes < 126 ? 2 : payloadBytes < 65_536 ? 4 : 10;
}

/** The `ws` package's WebSocket, as far as the bots touch it (engine.io-client uses it on Node). */
export interface NodeWebSocket {
  on(event: 'message', listener: (data: unknown, isBinary: boolean) => void): unknown;
  pong(data?: Uint8Array): void;
  /** The TCP socket under the WebSocket (a private field of `ws`). */
  readonly _socket?: NodeTcpSocket;
}

export interface NodeTcpSocket {
  listeners(event: 'data'): ((...args: unknown[]) => void)[];
  removeListener(event: 'data', listener: (...args: unknown[]) => void): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  resume(): unknown;
}

function messageBytes(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (Array.isArray(data)) return data.reduce((sum: number, part: Uint8Array) => sum + part.byteLength, 0);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Calls `onBytes(payload + header)` for every message the WebSocket receives. */
export function hookWsBytes(ws: NodeWebSocket, onBytes: (bytes: number) => void): void {
  ws.on('message', (data) => {
    const n = messageBytes(data);
    onBytes(n + wsHeaderBytes(n));
  });
}

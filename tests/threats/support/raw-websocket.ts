import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { arenaSocketParser, decodeServerMessage, type ServerMessage } from '@arena/protocol';
import { waitFor } from '@arena/testing';

/**
 * A WebSocket client written on a bare TCP socket, so a test can send what no well-behaved
 * library would: frames over any limit, length headers that lie, text where binary is expected,
 * and simply stop reading.
 */
export interface UpgradeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Body of a refused upgrade (engine.io writes its reason there). */
  readonly body: string;
  readonly socket: Socket | undefined;
  readonly head: Buffer | undefined;
}

/** Sends a WebSocket upgrade request for the engine.io endpoint (from `localAddress` if given) and returns the raw answer. */
export function upgrade(
  baseUrl: string,
  headers: Record<string, string> = {},
  query = 'EIO=4&transport=websocket',
  localAddress?: string,
): Promise<UpgradeAnswer> {
  const url = new URL(`/socket.io/?${query}`, baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(url, {
      ...(localAddress === undefined ? {} : { localAddress, agent: false }),
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
        ...headers,
      },
    });
    req.on('upgrade', (res, socket, head) =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '', socket, head }),
    );
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          socket: undefined,
          head: undefined,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export interface Frame {
  readonly opcode: number;
  readonly payload: Buffer;
}

/** Encodes one client frame (masked, as clients must). `claimedLength` lets the header lie. */
export function encodeFrame(opcode: number, payload: Uint8Array, claimedLength = payload.length): Buffer {
  const mask = randomBytes(4);
  let header: Buffer;
  if (claimedLength < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | claimedLength]);
  } else if (claimedLength < 65536) {
    header = Buffer.alloc(4);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(claimedLength, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = 0x80 | opcode;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(claimedLength), 2);
  }
  const masked = Buffer.from(payload);
  for (let i = 0; i < masked.length; i++) masked[i]! ^= mask[i % 4]!;
  return Buffer.concat([header, mask, masked]);
}

/** An engine.io + Socket.IO session over a raw WebSocket, speaking Arena's parser. */
export class RawArenaSocket {
  readonly frames: Frame[] = [];
  readonly messages: ServerMessage[] = [];
  isClosed = false;
  /** Close code the server sent, if it sent a close frame. */
  closeCode: number | undefined;
  private buffer = Buffer.alloc(0);
  private answerPings = true;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.isClosed = true;
    });
    socket.on('error', () => {
      this.isClosed = true;
    });
  }

  /** Upgrades, waits for engine.io's open packet, and (unless told not to) connects to "/". */
  static async open(
    baseUrl: string,
    { headers = {}, connect = true }: { headers?: Record<string, string>; connect?: boolean } = {},
  ): Promise<RawArenaSocket> {
    const answer = await upgrade(baseUrl, headers);
    if (answer.socket === undefined) throw new Error(`upgrade refused: ${answer.status} ${answer.body}`);
    const raw = new RawArenaSocket(answer.socket);
    if (answer.head !== undefined && answer.head.length > 0) raw.onData(answer.head);
    await raw.waitFor(
      () => raw.frames.some((f) => f.opcode === 1 && f.payload.toString().startsWith('0')),
      'open',
    );
    if (connect) {
      raw.sendPacket({ type: 0, nsp: '/' });
      await raw.waitFor(() => raw.frames.some((f) => f.opcode === 2), 'the CONNECT answer');
    }
    return raw;
  }

  /** Stops answering engine.io pings (a dead peer, as far as the server can tell). */
  ignorePings(): void {
    this.answerPings = false;
  }

  sendBinary(bytes: Uint8Array): void {
    this.socket.write(encodeFrame(2, bytes));
  }

  sendText(text: string): void {
    this.socket.write(encodeFrame(1, Buffer.from(text)));
  }

  /** Writes raw bytes to the TCP socket (a frame header with no body, say). */
  writeRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  sendPacket(packet: { type: number; nsp: string; data?: unknown; id?: number }): void {
    for (const frame of new arenaSocketParser.Encoder().encode(packet)) this.sendBinary(frame);
  }

  ofType<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }

  async waitFor(predicate: () => boolean, what: string): Promise<void> {
    await waitFor(predicate, what, {
      detail: () => `closed: ${this.isClosed}, ${this.messages.length} messages`,
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const frame = this.readFrame();
      if (frame === undefined) return;
      this.frames.push(frame);
      if (frame.opcode === 8) {
        // answer the closing handshake, as a browser would
        this.closeCode = frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
        this.socket.end(encodeFrame(8, frame.payload.subarray(0, 2)));
      }
      if (frame.opcode === 1 && frame.payload.toString() === '2' && this.answerPings) this.sendText('3');
      if (frame.opcode === 2) {
        const decoded = decodeServerMessage(new Uint8Array(frame.payload));
        if (decoded.ok) this.messages.push(decoded.value);
      }
    }
  }

  private readFrame(): Frame | undefined {
    const b = this.buffer;
    if (b.length < 2) return undefined;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (b.length < offset + length) return undefined;
    const frame = { opcode: b[0]! & 0x0f, payload: b.subarray(offset, offset + length) };
    this.buffer = b.subarray(offset + length);
    return frame;
  }
}

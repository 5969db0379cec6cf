import { once } from 'node:events';
import type { Socket } from 'node:net';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { type FastParts, fastPartsOfWebSocket } from './stack-internals';
import { type ArenaFrameReader, readArenaFramesBeforeWs, writeFrame } from './websocket-frames';

/** 0x40 is a record byte (an Arena message); 0x04 is what an engine.io binary packet never starts with here. */
const ARENA = (n: number) => Buffer.from([0x40 + (n % 0x40), n, n + 1, n + 2]);
const OTHER = (n: number) => Buffer.from([0x04, n]);

/** A client frame as RFC 6455 5.2 has it: FIN set, masked with a fixed key. */
function maskedFrame(opcode: number, payload: Buffer, { fin = true, mask = true } = {}): Buffer {
  const key = Buffer.from([0x11, 0x22, 0x33, 0x44]);
  const lengthBytes =
    payload.length < 126
      ? Buffer.from([payload.length])
      : Buffer.from([126, payload.length >> 8, payload.length & 0xff]);
  lengthBytes[0] = lengthBytes[0]! | (mask ? 0x80 : 0);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i] = body[i]! ^ key[i & 3]!;
  return Buffer.concat([Buffer.from([(fin ? 0x80 : 0) | opcode]), lengthBytes, ...(mask ? [key] : []), body]);
}

/** An unmasked server frame (what writeFrame sends). */
function serverFrame(payload: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0x82, payload.length]), payload]);
}

interface Pair {
  readonly parts: FastParts;
  readonly reader: ArenaFrameReader;
  readonly client: WebSocket;
  /** The client's TCP socket: raw bytes written here reach the server as they are. */
  readonly raw: Socket;
  readonly server: WebSocket;
  /** What reached the server, in order: "arena:<hex>" by the reader, "ws:<hex>" / "text:<s>" by ws. */
  readonly log: string[];
  /** The error ws reported for the connection (its `code`), once it closes. */
  readonly failed: Promise<string | undefined>;
}

let wss: WebSocketServer | undefined;
const clients: WebSocket[] = [];
const serverParts: FastParts[] = [];
afterEach(async () => {
  // a socket libuv does not poll never sees its peer go: hand each back so the server can close
  for (const parts of serverParts.splice(0)) parts.resumePolling();
  for (const client of clients.splice(0)) client.terminate();
  await new Promise<void>((resolve) => (wss === undefined ? resolve() : wss.close(() => resolve())));
  wss = undefined;
});

async function connectPair(maxPayload = 1024): Promise<Pair> {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload, perMessageDeflate: false });
  await once(wss, 'listening');
  const address = wss.address() as { port: number };
  const accepted = once(wss, 'connection') as Promise<[WebSocket]>;
  const client = new WebSocket(`ws://127.0.0.1:${address.port}`);
  clients.push(client);
  await once(client, 'open');
  const [server] = await accepted;
  const log: string[] = [];
  const parts = fastPartsOfWebSocket(server);
  if (typeof parts === 'string') throw new Error(parts);
  serverParts.push(parts);
  const reader = readArenaFramesBeforeWs(parts, (payload) => log.push(`arena:${payload.toString('hex')}`));
  server.on('message', (data: Buffer, isBinary: boolean) =>
    log.push(isBinary ? `ws:${data.toString('hex')}` : `text:${data.toString()}`),
  );
  let error: string | undefined;
  server.on('error', (failure: Error & { code?: string }) => {
    error = failure.code;
  });
  const failed = new Promise<string | undefined>((resolve) => server.on('close', () => resolve(error)));
  const raw = (client as unknown as { _socket: Socket })._socket;
  return { parts, reader, client, raw, server, log, failed };
}

/** Waits until `condition` holds (the shared waitFor, named by the condition's source). */
const until = (condition: () => boolean) => waitFor(condition, condition.toString());

/** A few turns of the event loop, each with a poll for I/O: a socket libuv polls would be read by now. */
async function eventLoopTurns(turns = 3): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('readArenaFramesBeforeWs, on what Node reads', () => {
  test('Arena frames are taken before ws; other frames reach ws', async () => {
    const { client, log } = await connectPair();
    const messages = [ARENA(1), OTHER(2), 'hello', ARENA(3)];
    for (const [i, message] of messages.entries()) {
      client.send(message);
      await until(() => log.length === i + 1);
    }
    expect(log).toEqual([
      `arena:${ARENA(1).toString('hex')}`,
      `ws:${OTHER(2).toString('hex')}`,
      'text:hello',
      `arena:${ARENA(3).toString('hex')}`,
    ]);
  });

  test('several frames in one read arrive in order: from the first that is not Arena, ws reads the rest', async () => {
    const { raw, log } = await connectPair();
    raw.write(
      Buffer.concat([
        maskedFrame(2, ARENA(1)),
        maskedFrame(2, ARENA(2)),
        maskedFrame(1, Buffer.from('x')),
        maskedFrame(2, ARENA(4)),
        maskedFrame(2, OTHER(5)),
      ]),
    );
    await until(() => log.length === 5);
    expect(log).toEqual([
      `arena:${ARENA(1).toString('hex')}`,
      `arena:${ARENA(2).toString('hex')}`,
      'text:x',
      `ws:${ARENA(4).toString('hex')}`,
      `ws:${OTHER(5).toString('hex')}`,
    ]);
  });

  test('a frame split across reads, and a 16-bit length, are read whole', async () => {
    const { parts, raw, log } = await connectPair(4096);
    const long = Buffer.alloc(300, 7);
    long[0] = 0x41;
    const frame = maskedFrame(2, long);
    raw.write(frame.subarray(0, 5));
    await until(() => !parts.isParserIdle()); // Node read the first part into ws
    raw.write(frame.subarray(5));
    await until(() => log.length === 1);
    raw.write(maskedFrame(2, long));
    await until(() => log.length === 2);
    expect(log).toEqual([`ws:${long.toString('hex')}`, `arena:${long.toString('hex')}`]);
  });

  test('a fragmented message goes to ws, and a data frame inside it is a protocol error, not an Arena message', async () => {
    const { parts, raw, log, failed } = await connectPair();
    raw.write(maskedFrame(2, ARENA(1), { fin: false }));
    await until(() => !parts.isParserIdle());
    raw.write(maskedFrame(2, ARENA(5)));
    expect(await failed).toBe('WS_ERR_INVALID_OPCODE');
    expect(log).toEqual([]);
  });

  test('the continuation of a fragmented message reaches ws whole; the next Arena frame is taken', async () => {
    const { raw, log } = await connectPair();
    raw.write(maskedFrame(2, ARENA(1), { fin: false }));
    raw.write(maskedFrame(0, Buffer.from([9, 9])));
    await until(() => log.length === 1);
    raw.write(maskedFrame(2, ARENA(5)));
    await until(() => log.length === 2);
    expect(log).toEqual([
      `ws:${Buffer.concat([ARENA(1), Buffer.from([9, 9])]).toString('hex')}`,
      `arena:${ARENA(5).toString('hex')}`,
    ]);
  });

  test('an oversized frame is refused by ws, never delivered', async () => {
    const { raw, log, failed } = await connectPair(64);
    const big = Buffer.alloc(100, 1);
    big[0] = 0x40;
    raw.write(maskedFrame(2, big));
    expect(await failed).toBe('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH');
    expect(log).toEqual([]);
  });

  test('an unmasked client frame is a protocol error for ws, never delivered', async () => {
    const { raw, log, failed } = await connectPair();
    raw.write(maskedFrame(2, ARENA(1), { mask: false }));
    expect(await failed).toBe('WS_ERR_EXPECTED_MASK');
    expect(log).toEqual([]);
  });

  test('nothing is taken once the connection is closing', async () => {
    const { parts, server, raw, log } = await connectPair();
    server.close(1000, 'bye');
    expect(parts.isOpen).toBe(false);
    raw.write(Buffer.concat([maskedFrame(2, ARENA(1)), maskedFrame(8, Buffer.from([0x03, 0xe8]))]));
    await once(server, 'close');
    expect(log.filter((entry) => entry.startsWith('arena:'))).toEqual([]);
  });
});

describe('ArenaFrameReader.readPending, with libuv not polling the socket', () => {
  // Client and server share this process: the client's write reaches the server's kernel buffer
  // before write() returns, so what a direct read finds is deterministic.
  const scratch = Buffer.alloc(64 * 1024);

  test('once polling stops, Node reads nothing: the bytes wait in the kernel for the direct read', async () => {
    const { parts, reader, raw, log } = await connectPair();
    expect(parts.stopPolling()).toBe(true);
    raw.write(Buffer.concat([maskedFrame(2, ARENA(1)), maskedFrame(2, ARENA(2))]));
    await eventLoopTurns();
    expect(log).toEqual([]);
    expect(reader.readPending(scratch)).toBe('frames');
    expect(log).toEqual([`arena:${ARENA(1).toString('hex')}`, `arena:${ARENA(2).toString('hex')}`]);
    expect(reader.readPending(scratch)).toBe('empty');
  });

  test('from the first frame that is not Arena, ws gets a copy of the rest, in order', async () => {
    const { parts, reader, raw, log } = await connectPair();
    parts.stopPolling();
    raw.write(
      Buffer.concat([maskedFrame(2, ARENA(1)), maskedFrame(1, Buffer.from('hi')), maskedFrame(2, ARENA(3))]),
    );
    expect(reader.readPending(scratch)).toBe('read');
    scratch.fill(0); // ws must not be reading the shared buffer
    expect(log).toEqual([`arena:${ARENA(1).toString('hex')}`, 'text:hi', `ws:${ARENA(3).toString('hex')}`]);
  });

  test('a frame split across two direct reads reaches ws whole, and the next Arena frame is taken', async () => {
    const { parts, reader, raw, log } = await connectPair(4096);
    parts.stopPolling();
    const frame = maskedFrame(1, Buffer.from('split'));
    raw.write(frame.subarray(0, 3));
    expect(reader.readPending(scratch)).toBe('read');
    scratch.fill(0);
    expect(log).toEqual([]);
    raw.write(Buffer.concat([frame.subarray(3), maskedFrame(2, ARENA(2))]));
    expect(reader.readPending(scratch)).toBe('read');
    raw.write(maskedFrame(2, ARENA(3)));
    expect(reader.readPending(scratch)).toBe('frames');
    expect(log).toEqual([
      'text:split',
      `ws:${ARENA(2).toString('hex')}`,
      `arena:${ARENA(3).toString('hex')}`,
    ]);
  });

  test('reads nothing while Node is paused on this socket with bytes in hand', async () => {
    const { parts, reader, raw, server, log } = await connectPair();
    const socket = (server as unknown as { _socket: Socket })._socket;
    socket.pause();
    raw.write(maskedFrame(2, ARENA(1)));
    await until(() => socket.readableLength > 0); // Node read it, but holds it while paused
    expect(reader.readPending(scratch)).toBe('skipped');
    expect(parts.stopPolling()).toBe(true);
    raw.write(maskedFrame(2, ARENA(2)));
    expect(reader.readPending(scratch)).toBe('skipped');
    socket.resume();
    await until(() => log.length === 1);
    expect(reader.readPending(scratch)).toBe('frames');
    expect(log).toEqual([`arena:${ARENA(1).toString('hex')}`, `arena:${ARENA(2).toString('hex')}`]);
  });

  test('the end of the stream is "ended"; handed back to libuv, Node closes the connection as usual', async () => {
    const { parts, reader, raw, log, failed } = await connectPair();
    parts.stopPolling();
    raw.end(maskedFrame(2, ARENA(4)));
    await until(() => reader.readPending(scratch) === 'ended');
    expect(log).toEqual([`arena:${ARENA(4).toString('hex')}`]);
    parts.resumePolling();
    await failed; // resolves when ws sees the connection close
  });

  test('resumePolling gives the socket back: what comes later arrives through Node', async () => {
    const { parts, raw, log } = await connectPair();
    parts.stopPolling();
    raw.write(maskedFrame(2, ARENA(5)));
    await eventLoopTurns();
    expect(log).toEqual([]);
    parts.resumePolling();
    await until(() => log.length === 1);
    raw.write(maskedFrame(2, ARENA(6)));
    await until(() => log.length === 2);
    expect(log).toEqual([`arena:${ARENA(5).toString('hex')}`, `arena:${ARENA(6).toString('hex')}`]);
  });

  test("ws pausing and resuming the socket never restarts libuv's polling behind the reader's back", async () => {
    const { parts, server, raw, log } = await connectPair();
    parts.stopPolling();
    const socket = (server as unknown as { _socket: Socket })._socket;
    socket.pause();
    socket.resume();
    raw.write(maskedFrame(2, ARENA(7)));
    await eventLoopTurns();
    expect(log).toEqual([]);
  });
});

describe('writeFrame', () => {
  test('writes straight to the descriptor when nothing is queued, and the peer reads the frame', async () => {
    const { parts, client } = await connectPair();
    const received = once(client, 'message') as Promise<[Buffer]>;
    expect(parts.mayWriteDirectly).toBe(true);
    writeFrame(parts, serverFrame(ARENA(1)), 2 + 4, false);
    expect((await received)[0]).toEqual(ARENA(1));
  });

  test('behind bytes queued in Node, the frame goes through ws and the order is kept', async () => {
    const { parts, server, client } = await connectPair();
    const socket = (server as unknown as { _socket: Socket })._socket;
    const received: string[] = [];
    client.on('message', (data: Buffer) => received.push(data.toString('hex')));
    socket.cork();
    server.send(OTHER(1));
    expect(parts.mayWriteDirectly).toBe(false);
    const shared = serverFrame(ARENA(2));
    writeFrame(parts, shared, shared.length, true);
    shared.fill(0); // a shared frame is copied for ws
    socket.uncork();
    await until(() => received.length === 2);
    expect(received).toEqual([OTHER(1).toString('hex'), ARENA(2).toString('hex')]);
  });

  test('a peer that stops reading: what the kernel does not take waits in ws, nothing throws, the order holds', async () => {
    const { parts, client } = await connectPair(1 << 20);
    const clientSocket = (client as unknown as { _socket: Socket })._socket;
    clientSocket.pause();
    const payload = Buffer.alloc(60_000, 0x41);
    const frame = Buffer.concat([Buffer.from([0x82, 126, 60_000 >> 8, 60_000 & 0xff]), payload]);
    let direct = 0;
    for (let i = 0; i < 200; i++) {
      if (parts.mayWriteDirectly) direct++;
      writeFrame(parts, frame, frame.length, false);
    }
    expect(direct).toBeGreaterThan(0);
    expect(parts.bufferedAmount).toBeGreaterThan(0); // the rest waits in ws, in order
    let messages = 0;
    let intact = 0;
    client.on('message', (data: Buffer) => {
      messages++;
      if (data.equals(payload)) intact++;
    });
    clientSocket.resume();
    await until(() => messages === 200);
    expect(intact).toBe(200);
  });
});

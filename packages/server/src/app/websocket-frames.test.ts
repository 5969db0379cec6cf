import { once } from 'node:events';
import { createServer, Socket as NetSocket, type Server, type Socket } from 'node:net';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import {
  type ArenaFrameReader,
  type DescriptorSocket,
  descriptorOf,
  readArenaFramesBeforeWs,
  writeToDescriptor,
} from './websocket-frames';

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

interface Pair {
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
afterEach(async () => {
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
  const reader = readArenaFramesBeforeWs(server, (payload) => log.push(`arena:${payload.toString('hex')}`));
  expect(reader).toBeDefined();
  server.on('message', (data: Buffer, isBinary: boolean) =>
    log.push(isBinary ? `ws:${data.toString('hex')}` : `text:${data.toString()}`),
  );
  let error: string | undefined;
  server.on('error', (failure: Error & { code?: string }) => {
    error = failure.code;
  });
  const failed = new Promise<string | undefined>((resolve) => server.on('close', () => resolve(error)));
  const raw = (client as unknown as { _socket: Socket })._socket;
  return { reader: reader!, client, raw, server, log, failed };
}

/** Waits until the server's side of the connection has read `count` more bytes than it had. */
async function serverReads(server: WebSocket, count: number, from: number): Promise<void> {
  const socket = (server as unknown as { _socket: Socket })._socket;
  await waitFor(() => socket.bytesRead >= from + count, `${count} bytes read by the server`);
}

function bytesReadBy(server: WebSocket): number {
  return (server as unknown as { _socket: Socket })._socket.bytesRead;
}

describe('readArenaFramesBeforeWs', () => {
  test('Arena frames are taken before ws; other frames reach ws', async () => {
    const { client, log } = await connectPair();
    const messages = [ARENA(1), OTHER(2), 'hello', ARENA(3)];
    for (const [i, message] of messages.entries()) {
      client.send(message);
      await waitFor(() => log.length === i + 1, 'the frames logged');
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
    await waitFor(() => log.length === 5, 'the frames logged');
    expect(log).toEqual([
      `arena:${ARENA(1).toString('hex')}`,
      `arena:${ARENA(2).toString('hex')}`,
      'text:x',
      `ws:${ARENA(4).toString('hex')}`,
      `ws:${OTHER(5).toString('hex')}`,
    ]);
  });

  test('a frame split across reads, and a 16-bit length, are read whole', async () => {
    const { raw, server, log } = await connectPair(4096);
    const long = Buffer.alloc(300, 7);
    long[0] = 0x41;
    const frame = maskedFrame(2, long);
    const before = bytesReadBy(server);
    raw.write(frame.subarray(0, 5));
    await serverReads(server, 5, before);
    raw.write(frame.subarray(5));
    await waitFor(() => log.length === 1, 'the frames logged');
    raw.write(maskedFrame(2, long));
    await waitFor(() => log.length === 2, 'the frames logged');
    expect(log).toEqual([`ws:${long.toString('hex')}`, `arena:${long.toString('hex')}`]);
  });

  test('a fragmented message goes to ws, and a data frame inside it is a protocol error, not an Arena message', async () => {
    const { raw, server, log, failed } = await connectPair();
    const before = bytesReadBy(server);
    const first = maskedFrame(2, ARENA(1), { fin: false });
    raw.write(first);
    await serverReads(server, first.length, before);
    raw.write(maskedFrame(2, ARENA(5)));
    expect(await failed).toBe('WS_ERR_INVALID_OPCODE');
    expect(log).toEqual([]);
  });

  test('the continuation of a fragmented message reaches ws whole; the next Arena frame is taken', async () => {
    const { raw, log } = await connectPair();
    raw.write(maskedFrame(2, ARENA(1), { fin: false }));
    raw.write(maskedFrame(0, Buffer.from([9, 9])));
    await waitFor(() => log.length === 1, 'the frames logged');
    raw.write(maskedFrame(2, ARENA(5)));
    await waitFor(() => log.length === 2, 'the frames logged');
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
    const { server, raw, log, failed } = await connectPair();
    server.close(1000, 'bye');
    raw.write(maskedFrame(2, ARENA(1)));
    // the client's answer to the close follows the frame on the wire: once closed, all was read
    await failed;
    expect(log.filter((entry) => entry.startsWith('arena:'))).toEqual([]);
  });

  test('returns false and changes nothing for something that is not a ws socket', () => {
    expect(readArenaFramesBeforeWs({ readyState: 1, _receiver: {} }, () => {})).toBeUndefined();
    expect(readArenaFramesBeforeWs({ readyState: 1 }, () => {})).toBeUndefined();
  });
});

describe('ArenaFrameReader.readPending', () => {
  // Client and server share this process: the client's write reaches the server's kernel buffer
  // at once, and readPending runs before the event loop could read it the usual way.
  const scratch = Buffer.alloc(64 * 1024);

  test('reads what the kernel holds and delivers the Arena frames at once, without the event loop', async () => {
    const { reader, raw, log } = await connectPair();
    raw.write(Buffer.concat([maskedFrame(2, ARENA(1)), maskedFrame(2, ARENA(2))]));
    reader.readPending(scratch);
    expect(log).toEqual([`arena:${ARENA(1).toString('hex')}`, `arena:${ARENA(2).toString('hex')}`]);
    // nothing is left for Node's own read: a frame written later arrives with no duplicate before it
    raw.write(maskedFrame(2, ARENA(3)));
    await waitFor(() => log.length >= 3, 'the later frame');
    expect(log).toEqual([
      `arena:${ARENA(1).toString('hex')}`,
      `arena:${ARENA(2).toString('hex')}`,
      `arena:${ARENA(3).toString('hex')}`,
    ]);
  });

  test('from the first frame that is not Arena, ws gets a copy of the rest, in order', async () => {
    const { reader, raw, log } = await connectPair();
    raw.write(
      Buffer.concat([maskedFrame(2, ARENA(1)), maskedFrame(1, Buffer.from('hi')), maskedFrame(2, ARENA(3))]),
    );
    reader.readPending(scratch);
    scratch.fill(0); // ws must not be reading the shared buffer
    await waitFor(() => log.length === 3, 'the frames logged');
    expect(log).toEqual([`arena:${ARENA(1).toString('hex')}`, 'text:hi', `ws:${ARENA(3).toString('hex')}`]);
  });

  test('with nothing to read it does nothing, and what comes later arrives the usual way', async () => {
    const { reader, raw, log } = await connectPair();
    reader.readPending(scratch);
    raw.write(maskedFrame(2, ARENA(7)));
    await waitFor(() => log.length === 1, 'the frames logged');
    expect(log).toEqual([`arena:${ARENA(7).toString('hex')}`]);
  });

  test('reads nothing while Node is paused on this socket (backpressure from ws)', async () => {
    const { reader, raw, server, log } = await connectPair();
    const socket = (server as unknown as { _socket: Socket })._socket;
    socket.pause();
    raw.write(maskedFrame(2, ARENA(1)));
    reader.readPending(scratch);
    expect(log).toEqual([]);
    socket.resume();
    await waitFor(() => log.length === 1, 'the frames logged');
    expect(log).toEqual([`arena:${ARENA(1).toString('hex')}`]);
  });

  test('reads nothing while ws holds part of a frame, so the order is kept', async () => {
    const { reader, raw, server, log } = await connectPair();
    const frame = maskedFrame(1, Buffer.from('split'));
    const before = bytesReadBy(server);
    raw.write(frame.subarray(0, 3));
    await serverReads(server, 3, before); // Node reads the first part into ws
    raw.write(Buffer.concat([frame.subarray(3), maskedFrame(2, ARENA(2))]));
    reader.readPending(scratch);
    expect(log).toEqual([]);
    await waitFor(() => log.length === 2, 'the frames logged');
    expect(log).toEqual(['text:split', `ws:${ARENA(2).toString('hex')}`]);
  });

  test('leaves the end of the stream to Node: the connection closes as usual', async () => {
    const { reader, client, log, failed } = await connectPair();
    const raw = (client as unknown as { _socket: Socket })._socket;
    raw.end(maskedFrame(2, ARENA(4)));
    await once(raw, 'finish'); // the frame and the end of the stream are with the kernel
    reader.readPending(scratch);
    reader.readPending(scratch);
    expect(log).toEqual([`arena:${ARENA(4).toString('hex')}`]);
    await failed; // resolves when ws sees the connection close
  });
});

describe('writeToDescriptor', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  async function socketPair(): Promise<{ local: Socket; remote: Socket }> {
    server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const accepted = once(server, 'connection') as Promise<[Socket]>;
    const local = new NetSocket();
    local.connect((server.address() as { port: number }).port, '127.0.0.1');
    await once(local, 'connect');
    const [remote] = await accepted;
    return { local, remote };
  }

  /** writeToDescriptor on a test socket's own descriptor. */
  const writeDirect = (socket: Socket, bytes: Buffer): number =>
    writeToDescriptor(socket as DescriptorSocket, descriptorOf(socket as DescriptorSocket)!, bytes);

  test('writes the whole frame when nothing is queued, and the peer reads it', async () => {
    const { local, remote } = await socketPair();
    const received = once(remote, 'data') as Promise<[Buffer]>;
    expect(writeDirect(local, Buffer.from('hello'))).toBe(5);
    expect((await received)[0].toString()).toBe('hello');
    local.destroy();
    remote.destroy();
  });

  test('writes nothing while the stream has bytes queued, so order is kept', async () => {
    const { local, remote } = await socketPair();
    local.cork();
    local.write('first');
    expect(local.writableLength).toBeGreaterThan(0);
    expect(writeDirect(local, Buffer.from('second'))).toBe(0);
    local.uncork();
    local.destroy();
    remote.destroy();
  });

  test('a write that libuv still holds counts in writableLength, so the direct write waits behind it', async () => {
    const { local, remote } = await socketPair();
    remote.pause();
    const chunk = Buffer.alloc(1 << 20);
    // stream writes until the kernel's buffers are full and libuv queues the rest
    for (let i = 0; i < 64 && local.write(chunk); i++);
    const handle = (local as unknown as { _handle: { writeQueueSize: number } })._handle;
    expect(handle.writeQueueSize).toBeGreaterThan(0);
    expect(local.writableLength).toBeGreaterThan(0);
    expect(writeDirect(local, Buffer.from('x'))).toBe(0);
    local.destroy();
    remote.destroy();
  });

  test('writes nothing, and does not throw, once the peer stops reading and the buffers fill', async () => {
    const { local, remote } = await socketPair();
    remote.pause();
    const chunk = Buffer.alloc(1 << 20);
    let written = 0;
    for (let i = 0; i < 64; i++) {
      const n = writeDirect(local, chunk);
      written += n;
      if (n < chunk.length) break;
    }
    expect(written).toBeGreaterThan(0);
    expect(writeDirect(local, chunk)).toBe(0);
    local.destroy();
    remote.destroy();
  });

  test('no descriptor for a TLS socket or a closed one; nothing written once the handle is gone', () => {
    expect(descriptorOf({ writableLength: 0, readableLength: 0, _handle: null })).toBeUndefined();
    const tls = {
      writableLength: 0,
      readableLength: 0,
      encrypted: true,
      _handle: { fd: 3 },
    };
    expect(descriptorOf(tls)).toBeUndefined();
    expect(
      writeToDescriptor({ writableLength: 0, readableLength: 0, _handle: null }, 3, Buffer.from('x')),
    ).toBe(0);
  });
});

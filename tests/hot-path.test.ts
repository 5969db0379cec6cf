import { ErrorCode } from '@arena/protocol';
import type { ArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

let server: ArenaServer;
let url: string;
const clients: TestClient[] = [];

beforeEach(async () => {
  ({ server, url } = await startTestServer());
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.shutdown();
});

/** The server-side socket of the only connected client. */
function onlyServerSocket() {
  const sockets = [...server.io.of('/').sockets.values()];
  expect(sockets).toHaveLength(1);
  return sockets[0]!;
}

test('Arena messages bypass engine.io and Socket.IO dispatch in, and go out as one pre-built frame each', async () => {
  const client = await TestClient.connect(url);
  clients.push(client);
  const socket = onlyServerSocket();
  const dispatched: string[] = [];
  socket.onAny((event: string) => dispatched.push(event));
  const connection = socket.conn as unknown as {
    transport: { name: string };
    write: (data: unknown) => void;
  };
  expect(connection.transport.name).toBe('websocket');
  // engine.io's own write path (a packet, its buffer, a flush) must not see Arena messages
  let engineWrites = 0;
  const write = connection.write.bind(connection);
  connection.write = (data: unknown) => {
    engineWrites++;
    write(data);
  };
  // what the client's WebSocket receives: one frame per Arena message
  const clientSocket = (client as unknown as { socket: { io: { engine: { transport: { ws: WebSocket } } } } })
    .socket;
  let framesIn = 0;
  clientSocket.io.engine.transport.ws.addEventListener('message', () => framesIn++);

  await client.join('any', 'fast');
  for (let i = 0; i < 5; i++) client.input(1, 0);
  await client.waitFor(
    () => (client.latestWorld()?.ackSeq ?? 0) === 5 && client.worlds.length >= 10,
    'acks of 5 inputs',
  );
  expect(dispatched).toEqual([]); // join and inputs never became Socket.IO events
  expect(engineWrites).toBe(0); // welcome, events, snapshots: written below engine.io
  expect(framesIn).toBe(client.received.length); // one WebSocket frame each, nothing else
});

test('other events still take the normal path and are refused with a code', async () => {
  const client = await TestClient.connect(url);
  clients.push(client);
  client.sendRaw('cheat', 'give me hp');
  const error = await client.waitForMessage('error');
  expect(error.code).toBe(ErrorCode.BAD_MESSAGE);
  expect(error.message).toContain('cheat');
});

test('long-polling clients play through engine.io', async () => {
  const { io } = await import('socket.io-client');
  const { arenaSocketParser, encodeClientMessage, decodeServerMessage, PROTOCOL_VERSION } = await import(
    '@arena/protocol'
  );
  const socket = io(url, {
    transports: ['polling'],
    parser: arenaSocketParser,
    reconnection: false,
    forceNew: true,
  });
  const types: string[] = [];
  socket.on('m', (data: ArrayBuffer) => {
    const decoded = decodeServerMessage(data);
    if (decoded.ok) types.push(decoded.value.type);
  });
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  socket.emit(
    'm',
    encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'slowpoke', roomId: 'any' }),
  );
  await waitFor(() => types.includes('snapshot'), 'a snapshot over polling');
  socket.close();
  expect(types[0]).toBe('welcome');
  expect(types).toContain('snapshot');
});

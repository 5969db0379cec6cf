// THREATS.md §1: malformed wire data. Real server, real Socket.IO clients (and a raw WebSocket
// for frames no client library would send).
import { arenaSocketParser, ErrorCode, encodeClientMessage, RECORD } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import { bool, float64, inputRecord, map, record, str, uint } from './support/msgpack-bytes';
import { RawArenaSocket } from './support/raw-websocket';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

const codes = (client: { ofType(type: 'error'): { code: string }[] }) =>
  client.ofType('error').map((e) => e.code);

describe('THREATS §1 malformed wire data', () => {
  test('non-binary, truncated or mistyped messages are refused with BAD_MESSAGE, and after maxBadMessages the sender is disconnected; the room plays on', async () => {
    t = await ThreatServer.start({ maxBadMessages: 5 });
    const honest = await t.connect();
    const welcome = await honest.join('any', 'honest');
    const bad = await t.connect();
    await bad.join(welcome.roomId, 'bad');
    const valid = inputRecord({ seq: uint(1) });
    bad.sendRaw('m', 'not binary');
    bad.sendRaw('m', valid.subarray(0, valid.length - 1)); // truncated
    bad.sendRaw('m', inputRecord({ mx: str('left') })); // string where a number goes
    bad.sendRaw('m', inputRecord({ seq: [0x91, 0x01] })); // array where a number goes
    await bad.waitFor(() => bad.ofType('error').length === 4, 'four refusals');
    expect(codes(bad)).toEqual(Array(4).fill(ErrorCode.BAD_MESSAGE));
    expect(bad.socket.connected).toBe(true);

    bad.sendRaw('m', new Uint8Array([0xc1]));
    await bad.waitFor(() => bad.disconnectReason !== undefined, 'the disconnect');
    expect(bad.ofType('error').at(-1)).toMatchObject({
      code: ErrorCode.BAD_MESSAGE,
      message: expect.stringMatching(/disconnected after 5 bad messages/),
    });
    const before = honest.worlds.length;
    await honest.waitFor(
      () => honest.worlds.length > before + 5,
      'the honest player still getting snapshots',
    );
    expect(t.server.directory.get(welcome.roomId)?.isClosed).toBe(false);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.BAD_MESSAGE })).toBe(5);
  });

  test('NaN, Infinity and huge numbers in move, aim or seq are refused; -0 is plain 0; no non-finite value reaches the simulation', async () => {
    t = await ThreatServer.start();
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: 30 });
    const client = await t.connect();
    const welcome = await client.join(roomId, 'nan');
    await client.waitFor(() => client.worlds.length > 0, 'a snapshot');
    const me = () => client.latestWorld()!.world.players.find((p) => p.id === welcome.playerId)!;
    const start = { ...me() };
    client.sendRaw('m', inputRecord({ mx: float64(Number.NaN) }));
    client.sendRaw('m', inputRecord({ aim: float64(Number.POSITIVE_INFINITY) }));
    client.sendRaw('m', inputRecord({ seq: float64(1e308) }));
    client.sendRaw('m', inputRecord({ my: float64(-1e308) }));
    await client.waitFor(() => client.ofType('error').length === 4, 'four refusals');
    expect(codes(client)).toEqual(Array(4).fill(ErrorCode.BAD_MESSAGE));
    client.sendRaw('m', inputRecord({ seq: uint(1), mx: float64(-0), my: float64(-0) }));
    await client.waitFor(() => client.latestWorld()!.ackSeq === 1, 'the -0 input applied');
    const end = me();
    expect(Number.isFinite(end.x) && Number.isFinite(end.y) && Number.isFinite(end.angle)).toBe(true);
    expect({ x: end.x, y: end.y }).toEqual({ x: start.x, y: start.y });
    const state = t.server.directory.get(roomId)!.stateHash();
    expect(state).toMatch(/^[0-9a-f]{64}$/);
  });

  test('extra or unknown fields, nested maps, extension types and __proto__ keys are refused, and Object.prototype never changes', async () => {
    t = await ThreatServer.start({ maxBadMessages: 20 });
    const client = await t.connect();
    await client.join('any', 'proto');
    const extraField = new Uint8Array([...inputRecord(), 0x01]);
    const asMap = new Uint8Array(
      map([
        [str('seq'), uint(1)],
        [str('hp'), uint(100)],
      ]),
    );
    const protoMap = new Uint8Array(map([[str('__proto__'), map([[str('polluted'), bool(true)]])]]));
    const nestedMap = record(RECORD.ping, map([[str('a'), map([[str('b'), uint(1)]])]]));
    const extension = record(RECORD.ping, [0xd4, 0x72, 0x00]);
    const constructorKey = new Uint8Array(map([[str('constructor'), map([[str('prototype'), uint(1)]])]]));
    for (const bytes of [extraField, asMap, protoMap, nestedMap, extension, constructorKey])
      client.sendRaw('m', bytes);
    // and the same keys as a Socket.IO argument (an object, not bytes)
    client.sendRaw('m', {
      ['__proto__']: { polluted: true },
      constructor: { prototype: { polluted: true } },
    });
    await client.waitFor(() => client.ofType('error').length === 7, 'seven refusals');
    expect(codes(client)).toEqual(Array(7).fill(ErrorCode.BAD_MESSAGE));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
    expect(client.socket.connected).toBe(true);
  });

  test('a length header claiming 2^32-1 items is refused before any allocation, in an Arena message and in a Socket.IO packet', async () => {
    t = await ThreatServer.start({ maxBadMessages: 20 });
    const client = await t.connect();
    await client.join('any', 'claims');
    const raw = t.track(await RawArenaSocket.open(t.url));
    const heapBefore = process.memoryUsage().heapUsed;
    client.sendRaw('m', record(RECORD.input, [0xdd, 0xff, 0xff, 0xff, 0xff])); // array32 in a record
    client.sendRaw('m', record(RECORD.join, [0xdb, 0xff, 0xff, 0xff, 0xff])); // str32 in a record
    raw.sendBinary(new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff])); // a Socket.IO packet that claims 4 G items
    raw.sendBinary(new Uint8Array([0x94, 0x02, 0xa1, 0x2f, 0xdf, 0xff, 0xff, 0xff, 0xff])); // [2, "/", map32 of 4 G]
    await client.waitFor(() => client.ofType('error').length === 2, 'two refusals');
    await raw.waitFor(() => raw.ofType('error').length === 2, 'two refusals on the raw socket');
    expect(codes(client)).toEqual([ErrorCode.BAD_MESSAGE, ErrorCode.BAD_MESSAGE]);
    expect(raw.ofType('error').map((e) => e.code)).toEqual([ErrorCode.BAD_MESSAGE, ErrorCode.BAD_MESSAGE]);
    expect(raw.ofType('error')[0]!.message).toMatch(/malformed frame/);
    // a 4 G-element array would be gigabytes; allow for unrelated allocation in this process
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
  });

  test('unknown events, acks, extra arguments and binary attachments are refused; no handler sees a function or a buffer it did not expect', async () => {
    t = await ThreatServer.start({ maxBadMessages: 20 });
    const client = await t.connect();
    await client.join('any', 'events');
    const serverSocket = [...t.server.io.of('/').sockets.values()][0]!;
    const dispatched: unknown[][] = [];
    serverSocket.onAny((...args: unknown[]) => dispatched.push(args));
    const ping = encodeClientMessage({ type: 'ping', clientTimeMs: 1 });
    client.socket.emit('hack', { hp: 100 });
    client.socket.emit('m', ping, () => {}); // asks for an ack
    client.socket.emit('m', ping, new Uint8Array([1, 2, 3])); // an extra argument
    client.socket.emit('m'); // no argument at all
    await client.waitFor(() => client.ofType('error').length === 4, 'four refusals');
    const raw = t.track(await RawArenaSocket.open(t.url));
    raw.sendPacket({ type: 3, nsp: '/', data: [], id: 7 }); // an ack nobody asked for
    raw.sendBinary(new Uint8Array([0x94, 0x05, 0xa1, 0x2f, 0x91, 0xa1, 0x6d, 0x00])); // BINARY_EVENT
    await raw.waitFor(() => raw.ofType('error').length === 2, 'two refusals on the raw socket');
    const messages = [...client.ofType('error'), ...raw.ofType('error')];
    expect(messages.map((e) => e.code)).toEqual(Array(6).fill(ErrorCode.BAD_MESSAGE));
    expect(messages.map((e) => e.message).join('\n')).toMatch(/unknown event "hack"[\s\S]*acknowledgements/);
    expect(dispatched).toEqual([]);
    expect(client.ofType('pong')).toEqual([]); // the ping with extras was not answered: it never reached a handler
  });

  test('frames that are not Socket.IO packets (text, garbage) are strikes with BAD_MESSAGE, not a silent close', async () => {
    t = await ThreatServer.start({ maxBadMessages: 3 });
    const raw = t.track(await RawArenaSocket.open(t.url));
    raw.sendText('4{"hp":100}'); // an engine.io text message: Arena frames are binary
    raw.sendBinary(new Uint8Array([0xc1])); // msgpack's never-used byte
    await raw.waitFor(() => raw.ofType('error').length === 2, 'two refusals');
    expect(raw.ofType('error').map((e) => e.code)).toEqual([ErrorCode.BAD_MESSAGE, ErrorCode.BAD_MESSAGE]);
    raw.sendBinary(new Uint8Array([0x92, 0x02]));
    await raw.waitFor(() => raw.isClosed, 'the disconnect');
    expect(raw.ofType('error').at(-1)?.message).toMatch(/disconnected after 3 bad messages/);
  });

  test('namespaces other than "/" are refused with a code, and nothing is created for them', async () => {
    t = await ThreatServer.start();
    const socket = io(`${t.url}/admin`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      parser: arenaSocketParser,
    });
    const error = await new Promise<Error & { data?: { code: string } }>((resolve) =>
      socket.once('connect_error', resolve),
    );
    socket.close();
    expect(error.message).toBe(ErrorCode.BAD_MESSAGE);
    expect(error.data?.code).toBe(ErrorCode.BAD_MESSAGE);
    expect([...t.server.io._nsps.keys()]).toEqual(['/']);
    const raw = t.track(await RawArenaSocket.open(t.url));
    for (let i = 0; i < 3; i++) raw.sendPacket({ type: 0, nsp: `/spam-${i}` });
    await raw.waitFor(() => raw.ofType('error').length === 3, 'three refusals');
    expect([...t.server.io._nsps.keys()]).toEqual(['/']);
    await waitFor(() => t.server.resources().sessions === 1, 'only the raw socket on "/"');
  });
});

import { Bot, type BotSink, loadNodeRtcPeers, nodeTimer } from '@arena/loadtest';
import {
  DatagramChannel,
  decodeServerMessage,
  ErrorCode,
  encodeClientMessage,
  type NetworkConditions,
  PROTOCOL_VERSION,
  RedundantInputs,
  type TransportName,
} from '@arena/protocol';
import type { ArenaServer, CreateServerExtras } from '@arena/server';
import { waitFor } from '@arena/testing';
import { afterEach, expect, test } from 'vitest';
import { parsePrometheusText, sampleValue } from './support/prometheus-text';
import { TestClient } from './support/test-client';
import { startTestServer } from './support/test-server';

/**
 * The datagram path (docs/netcode.md "Datagrams"): load-test bots and a hand-driven client
 * negotiate a WebRTC DataChannel with node-datachannel over their Socket.IO connection, against a
 * real server on loopback. Waits are bounded conditions, never sleeps: the machine may be busy.
 */

const TICK_RATE_HZ = 30;
/** Generous bounds: ICE and DTLS on a loaded 2-core machine. */
const CHANNEL_WAIT_MS = 20_000;

let server: ArenaServer | undefined;
let url = '';
const bots: Bot[] = [];
const clients: TestClient[] = [];
const channels: DatagramChannel[] = [];

afterEach(async () => {
  for (const bot of bots.splice(0)) bot.stop();
  for (const channel of channels.splice(0)) channel.close();
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
  server = undefined;
});

async function start(transport: TransportName, extras: CreateServerExtras = {}): Promise<string> {
  ({ server, url } = await startTestServer({}, extras));
  const created = server.directory.create({ id: 'dgram', tickRateHz: TICK_RATE_HZ, transport });
  if (!created.ok) throw new Error(created.error.message);
  return created.value.id;
}

interface SinkRecord {
  errors: string[];
  acks: number;
  decoded: number;
  paths: string[];
}

function recordingSink(record: SinkRecord): BotSink {
  return {
    bytes() {},
    frame() {},
    inputSent() {},
    snapshotDecoded: () => record.decoded++,
    ackLatency: () => record.acks++,
    error: (where, message) => record.errors.push(`${where}: ${message}`),
    disconnected: (reason) => record.errors.push(`disconnected: ${reason}`),
    path: (path, reason) => record.paths.push(reason === undefined ? path : `${path}: ${reason}`),
  };
}

async function datagramBot(
  roomId: string,
  name: string,
  options: { blockDatagrams?: boolean; network?: NetworkConditions } = {},
) {
  const record: SinkRecord = { errors: [], acks: 0, decoded: 0, paths: [] };
  const bot = new Bot(
    {
      url,
      roomId,
      name,
      tickHz: TICK_RATE_HZ,
      isObserver: true,
      rawReceive: true,
      connectTimeoutMs: 10_000,
      transport: 'datagram',
      ...options,
    },
    recordingSink(record),
  );
  bots.push(bot);
  await bot.connect();
  bot.measuring = true;
  return { bot, record };
}

async function scrape() {
  const samples = parsePrometheusText(await (await fetch(`${url}/metrics`)).text());
  return (name: string, labels: Record<string, string> = {}) => sampleValue(samples, name, labels);
}

/**
 * A datagram bot whose channel opened. What the tests here look at comes after the handshake: a
 * bot whose channel failed to open (the DTLS problem of docs/netcode.md, "Known problem", seen on
 * loaded machines) is replaced, up to 3 bots; every channel failing still fails the test.
 */
async function openDatagramBot(
  roomId: string,
  name: string,
  options: { network?: NetworkConditions } = {},
): Promise<Awaited<ReturnType<typeof datagramBot>>> {
  const failures: string[] = [];
  for (;;) {
    const candidate = await datagramBot(roomId, `${name}-${failures.length + 1}`, options);
    candidate.bot.startInputs();
    await waitFor(
      () => candidate.bot.path === 'datagram' || candidate.bot.fallbackReason !== undefined,
      `${name}'s channel open`,
      { timeoutMs: CHANNEL_WAIT_MS },
    );
    if (candidate.bot.path === 'datagram') return candidate;
    failures.push(candidate.bot.fallbackReason ?? 'no reason');
    candidate.bot.stop();
    expect(failures.length, failures.join('; ')).toBeLessThan(3);
  }
}

test('a bot with no input to send acknowledges its snapshots over the channel too', async () => {
  const roomId = await start('datagram');
  // seated, inputs not started: every ack stands alone (IdleAck)
  const { bot, record } = await datagramBot(roomId, 'idle');
  await waitFor(() => bot.path === 'datagram' || bot.fallbackReason !== undefined, 'the channel open', {
    timeoutMs: CHANNEL_WAIT_MS,
  });
  expect(bot.fallbackReason).toBeUndefined();
  const datagramsIn = async () => (await scrape())('arena_datagrams_total', { direction: 'in' }) ?? 0;
  const before = await datagramsIn();
  const decodedBefore = record.decoded;
  await waitFor(() => record.decoded >= decodedBefore + 30, '30 more snapshots', {
    timeoutMs: CHANNEL_WAIT_MS,
  });
  // an ack leaves at most every few snapshots: 30 snapshots bring several, all as datagrams
  await waitFor(async () => (await datagramsIn()) >= before + 3, 'acks arriving as datagrams', {
    timeoutMs: CHANNEL_WAIT_MS,
  });
  expect(record.errors).toEqual([]);
});

test('bots on datagrams are seated, get their snapshots over the channel and their inputs acked', async () => {
  const roomId = await start('datagram');
  // One negotiation at a time: DTLS handshakes running at once in one process sometimes fail
  // here ("unknown CA"; docs/netcode.md "Datagrams"), and such a client falls back by design.
  const first = await openDatagramBot(roomId, 'dgram-a');
  const second = await openDatagramBot(roomId, 'dgram-b');
  expect([first.bot.fallbackReason, second.bot.fallbackReason]).toEqual([undefined, undefined]);
  const room = server!.directory.get(roomId)!;
  // a replaced bot's seat is given back when its disconnect is handled
  await waitFor(() => room.playerCount === 2, 'two players seated', { timeoutMs: CHANNEL_WAIT_MS });
  await waitFor(
    () => [first, second].every(({ bot, record }) => bot.snapshotsOverDatagrams >= 30 && record.acks >= 30),
    '30 snapshots over datagrams and 30 inputs acked, each',
    { timeoutMs: CHANNEL_WAIT_MS },
  );
  // the snapshots that came as datagrams were decoded like any other
  expect(first.record.decoded).toBeGreaterThanOrEqual(30);
  const value = await scrape();
  expect(value('arena_clients_by_path', { path: 'datagram' })).toBe(2);
  expect(value('arena_clients_by_path', { path: 'websocket' })).toBe(0);
  expect(value('arena_datagram_channels_opened_total')).toBeGreaterThanOrEqual(2);
  expect(value('arena_datagrams_total', { direction: 'in' })).toBeGreaterThan(0);
  expect(value('arena_datagrams_total', { direction: 'out' })).toBeGreaterThanOrEqual(60);
  expect(value('arena_inputs_applied_total')).toBeGreaterThanOrEqual(60);
  expect(first.record.errors).toEqual([]);
  expect(second.record.errors).toEqual([]);
});

test('inputs lost with their datagrams are recovered from the next ones, and the losses are counted', async () => {
  const roomId = await start('datagram');
  // a fifth of the bot's datagrams vanish on the way (its simulated link drops them; snapshots too)
  const network = { latencyMs: 0, jitterMs: 0, lossPct: 20, bandwidthKbps: 0 };
  const lossy = await openDatagramBot(roomId, 'lossy', { network });
  const { bot, record } = lossy;
  expect(bot.fallbackReason).toBeUndefined();
  // Each datagram that arrives brings its new input and any of the 3 before it that were lost:
  // more inputs are applied than datagrams arrive, by about the number lost.
  let lost = 0;
  let recovered = 0;
  await waitFor(
    async () => {
      const value = await scrape();
      lost = value('arena_datagrams_lost_total') ?? 0;
      recovered =
        (value('arena_inputs_applied_total') ?? 0) -
        (value('arena_datagrams_total', { direction: 'in' }) ?? 0);
      return lost >= 10 && recovered >= 10;
    },
    '10 datagrams lost and 10 inputs recovered',
    { timeoutMs: CHANNEL_WAIT_MS },
  );
  expect(record.errors).toEqual([]);
});

test('a bot whose channel never opens plays on over the WebSocket, and /metrics shows it', async () => {
  const roomId = await start('datagram', { datagrams: { openTimeoutMs: 1500 } });
  // the bot offers, then ignores the answer: no ICE check ever reaches the server
  const { bot, record } = await datagramBot(roomId, 'blocked', { blockDatagrams: true });
  bot.startInputs();
  await waitFor(() => bot.fallbackReason !== undefined, 'the server giving the channel up', {
    timeoutMs: CHANNEL_WAIT_MS,
  });
  expect(bot.fallbackReason).toMatch(/did not open within 1500 ms/);
  expect(record.paths).toEqual([`websocket: ${bot.fallbackReason}`]);
  const decodedAtFallback = record.decoded;
  const acksAtFallback = record.acks;
  await waitFor(
    () => record.decoded >= decodedAtFallback + 30 && record.acks >= acksAtFallback + 30,
    '30 more snapshots and acks over the WebSocket',
    { timeoutMs: CHANNEL_WAIT_MS },
  );
  expect(bot.path).toBe('websocket');
  expect(bot.snapshotsOverDatagrams).toBe(0);
  const value = await scrape();
  expect(value('arena_datagram_channels_failed_total')).toBe(1);
  expect(value('arena_clients_by_path', { path: 'websocket' })).toBe(1);
  expect(value('arena_clients_by_path', { path: 'datagram' })).toBe(0);
  expect(record.errors).toEqual([]);
});

test('a server that never answers the offer: the bot falls back at the deadline and plays on', async () => {
  const roomId = await start('datagram', { datagrams: { openTimeoutMs: 1500, ignoresOffers: true } });
  const { bot, record } = await datagramBot(roomId, 'unanswered');
  bot.startInputs();
  await waitFor(() => bot.fallbackReason !== undefined, 'the fallback', { timeoutMs: CHANNEL_WAIT_MS });
  expect(bot.fallbackReason).toMatch(/did not open within 1500 ms/);
  const acksAtFallback = record.acks;
  await waitFor(() => record.acks >= acksAtFallback + 30, '30 more inputs acked over the WebSocket', {
    timeoutMs: CHANNEL_WAIT_MS,
  });
  expect((await scrape())('arena_datagram_channels_failed_total')).toBe(1);
});

test('a room without datagrams answers an offer with close at once; the bot stays on the WebSocket', async () => {
  const roomId = await start('websocket');
  const { bot, record } = await datagramBot(roomId, 'plain');
  await waitFor(() => bot.fallbackReason !== undefined, 'the refusal', { timeoutMs: CHANNEL_WAIT_MS });
  expect(bot.fallbackReason).toMatch(/WebSocket only/);
  expect(record.errors).toEqual([]);
});

test('POST /api/rooms takes a transport, lists it for a room that offers datagrams, and refuses others', async () => {
  await start('websocket');
  const create = (body: object) =>
    fetch(`${url}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const created = await create({ id: 'udp-room', transport: 'datagram' });
  expect(created.status).toBe(201);
  expect(((await created.json()) as { room: { transport?: string } }).room.transport).toBe('datagram');
  expect(server!.directory.get('udp-room')!.config.transport).toBe('datagram');
  // the default room of this server (--transport websocket) is listed as before, without the field
  const plain = (await (await create({ id: 'tcp-room' })).json()) as { room: object };
  expect(plain.room).not.toHaveProperty('transport');
  expect((await create({ id: 'bad-room', transport: 'udp' })).status).toBe(400);
});

/**
 * A channel driven by hand for `client` on a node-datachannel peer, signalled over its own socket
 * (DatagramChannel offers again after a failed handshake, as the bots do).
 */
async function openChannelOf(client: TestClient): Promise<DatagramChannel> {
  let fellBackFor: string | undefined;
  const channel = new DatagramChannel(
    {
      signal: (message) => client.send(message),
      datagram: () => {},
      opened: () => {},
      fellBack: ({ reason }) => {
        fellBackFor = reason;
      },
    },
    { createPeer: await loadNodeRtcPeers(), startTimer: nodeTimer, openTimeoutMs: CHANNEL_WAIT_MS },
  );
  client.socket.on('m', (data: unknown) => {
    const decoded = decodeServerMessage(data);
    if (decoded.ok && decoded.value.type === 'rtcSignal') channel.onSignal(decoded.value);
  });
  channels.push(channel);
  channel.start();
  await waitFor(() => channel.isOpen || fellBackFor !== undefined, 'the channel open', {
    timeoutMs: 3 * CHANNEL_WAIT_MS,
  });
  if (!channel.isOpen) throw new Error(`no channel opened: ${fellBackFor}`);
  return channel;
}

test('a datagram channel acts for its own seat only: another seat cannot be claimed over it', async () => {
  const roomId = await start('datagram');
  const owner = await TestClient.connect(url);
  clients.push(owner);
  const ownerWelcome = await owner.join(roomId, 'owner');
  const other = await TestClient.connect(url);
  clients.push(other);
  const otherWelcome = await other.join(roomId, 'other');

  const channel = await openChannelOf(owner);

  // a rejoin with the other player's seat token, over the owner's channel: refused, nothing moves
  const rejoin = encodeClientMessage({
    type: 'rejoin',
    protocolVersion: PROTOCOL_VERSION,
    seatToken: otherWelcome.seatToken!,
  });
  expect(channel.send(rejoin)).toBe(true);
  await owner.waitFor(
    () => owner.ofType('error').some((error) => error.code === ErrorCode.BAD_MESSAGE),
    'the refusal of a non-input datagram',
  );
  // inputs over the owner's channel move the owner, and only the owner
  const startX = (id: number) => other.latestWorld()?.world.players.find((player) => player.id === id)?.x;
  await other.waitFor(() => startX(ownerWelcome.playerId) !== undefined, 'a world with both players');
  const ownerX = startX(ownerWelcome.playerId)!;
  const otherX = startX(otherWelcome.playerId)!;
  const redundant = new RedundantInputs();
  for (let seq = 1; seq <= 40; seq++) {
    const input = {
      type: 'input',
      seq,
      moveX: 1,
      moveY: 0,
      aim: 0,
      fire: false,
      clientTimeMs: 0,
      lastSnapshotTick: 0,
    } as const;
    channel.send(encodeClientMessage(redundant.push(input)));
  }
  await other.waitFor(() => startX(ownerWelcome.playerId)! > ownerX + 1, 'the owner moving right');
  expect(startX(otherWelcome.playerId)).toBe(otherX);
  const room = server!.directory.get(roomId)!;
  // a replaced bot's seat is given back when its disconnect is handled
  await waitFor(() => room.playerCount === 2, 'two players seated', { timeoutMs: CHANNEL_WAIT_MS });
  expect(other.ofType('welcome')).toHaveLength(1);
  expect(other.disconnectReason).toBeUndefined();
});

test('the WebSocket’s limits hold on the channel: a flood is rate-limited, an oversized datagram disconnects, the other player plays on', async () => {
  const roomId = await start('datagram');
  const flooder = await TestClient.connect(url);
  clients.push(flooder);
  await flooder.join(roomId, 'flooder');
  const other = await TestClient.connect(url);
  clients.push(other);
  await other.join(roomId, 'other');
  const channel = await openChannelOf(flooder);

  // 400 acks at once: more than the message rate (200/s) allows, as over the WebSocket
  const ack = encodeClientMessage({ type: 'ack', lastSnapshotTick: 1 });
  for (let i = 0; i < 400; i++) channel.send(ack);
  await flooder.waitFor(
    () => flooder.ofType('error').some((error) => error.code === ErrorCode.RATE_LIMITED),
    'the rate limit’s warning',
  );
  // one datagram over the packet limit (4,096 bytes): the connection is closed, as for a frame
  const oversized = new Uint8Array(4097);
  oversized.set(ack);
  channel.send(oversized);
  await flooder.waitFor(
    () => flooder.ofType('error').some((error) => error.code === ErrorCode.PAYLOAD_TOO_LARGE),
    'the size limit’s refusal',
  );
  await flooder.waitFor(() => flooder.disconnectReason !== undefined, 'the flooder disconnected');
  // the other player keeps its seat and its snapshots
  const seen = other.ofType('snapshot').length;
  await other.waitFor(() => other.ofType('snapshot').length >= seen + 10, 'ten more snapshots');
  expect(other.disconnectReason).toBeUndefined();
  const room = server!.directory.get(roomId)!;
  await waitFor(() => room.playerCount === 1, 'the flooder’s seat given up', { timeoutMs: CHANNEL_WAIT_MS });
});

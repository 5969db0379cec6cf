// Behind a trusted proxy (--trust-proxy) every client is its own address: the one X-Forwarded-For
// names, for the handshake cap, the HTTP API's rate limit and the players' socket guards; the
// proxy's own connections are not capped as one client's. A header from any other peer is ignored.
import { arenaSocketParser, ErrorCode } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { io, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, test } from 'vitest';
import { getFrom, OTHER_ADDRESSES, pollingHandshake, RawTcp } from './support/other-addresses';
import { ThreatServer } from './support/threat-server';

const [PROXY, STRANGER] = OTHER_ADDRESSES;
const forwarded = (chain: string) => ({ 'x-forwarded-for': chain });

let t: ThreatServer;
const opened: { close(): void }[] = [];
afterEach(async () => {
  for (const item of opened.splice(0)) item.close();
  await t.stop();
});

/** A polling handshake's outcome: 'ok', or the refusal's message. */
function handshake(from: string, chain: string): Promise<string> {
  return pollingHandshake(t.url, from, forwarded(chain)).then(
    () => 'ok',
    (error: Error) => error.message,
  );
}

/** A real Socket.IO client on a WebSocket whose handshake carries `chain` (from 127.0.0.1). */
function socketWith(chain: string): Socket {
  const socket = io(t.url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    parser: arenaSocketParser,
    extraHeaders: forwarded(chain),
  });
  opened.push(socket);
  return socket;
}

function outcomeOf(socket: Socket): Promise<'connected' | string> {
  return new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (error) => resolve(`refused: ${error.message}`));
  });
}

describe('THREATS: behind a proxy', () => {
  test('behind a trusted proxy, the handshake cap counts each forwarded client address, the rightmost one not a proxy (what a client writes itself on the left buys nothing)', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 2, trustProxy: PROXY });
    expect(await handshake(PROXY, '10.0.0.1')).toBe('ok');
    expect(await handshake(PROXY, '10.0.0.1')).toBe('ok');
    expect(await handshake(PROXY, '10.0.0.1')).toMatch(/RATE_LIMITED/);
    // the same client, having written addresses of its own before what the proxy appended
    expect(await handshake(PROXY, '1.1.1.1, 10.0.0.1')).toMatch(/RATE_LIMITED/);
    expect(await handshake(PROXY, '10.0.0.2')).toBe('ok');
    expect(await handshake(PROXY, '9.9.9.9, 10.0.0.2')).toBe('ok');
    expect(await handshake(PROXY, '10.0.0.2')).toMatch(/RATE_LIMITED/);
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBe(3);
  });

  test('a forged X-Forwarded-For from a peer that is not a trusted proxy is ignored: the peer is capped as itself', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 2, trustProxy: PROXY });
    expect(await handshake(STRANGER, '10.0.1.1')).toBe('ok');
    expect(await handshake(STRANGER, '10.0.1.2')).toBe('ok');
    expect(await handshake(STRANGER, '10.0.1.3')).toMatch(/RATE_LIMITED/);
    // and with no proxy trusted at all (the default), nobody's header is believed
    await t.stop();
    t = await ThreatServer.start({ maxConnectionsPerIp: 2 });
    expect(await handshake(PROXY, '10.0.2.1')).toBe('ok');
    expect(await handshake(PROXY, '10.0.2.2')).toBe('ok');
    expect(await handshake(PROXY, '10.0.2.3')).toMatch(/RATE_LIMITED/);
  });

  test("the HTTP API's rate limit counts forwarded clients behind a trusted proxy, and a stranger's forged header gives it no fresh budget", async () => {
    t = await ThreatServer.start({ httpRatePerMin: 2, trustProxy: PROXY });
    const statusOf = async (from: string, chain: string) =>
      (await getFrom(t.url, '/api/rooms', from, forwarded(chain))).status;
    expect([await statusOf(PROXY, '10.0.3.1'), await statusOf(PROXY, '10.0.3.1')]).toEqual([200, 200]);
    expect(await statusOf(PROXY, '10.0.3.1')).toBe(429);
    expect(await statusOf(PROXY, '10.0.3.2')).toBe(200);
    expect([await statusOf(STRANGER, '10.0.3.3'), await statusOf(STRANGER, '10.0.3.4')]).toEqual([200, 200]);
    expect(await statusOf(STRANGER, '10.0.3.5')).toBe(429);
  });

  test("a trusted proxy's own TCP connections are not capped as one client's; any other address's are", async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 2, idleTimeoutMs: 60_000, trustProxy: PROXY });
    const tcpCap = 4; // twice the handshake cap
    const proxyHeld = await Promise.all(Array.from({ length: tcpCap + 2 }, () => RawTcp.open(t.url, PROXY)));
    const strangerHeld = await Promise.all(
      Array.from({ length: tcpCap }, () => RawTcp.open(t.url, STRANGER)),
    );
    for (const raw of [...proxyHeld, ...strangerHeld]) opened.push({ close: () => raw.destroy() });
    expect((await getFrom(t.url, '/healthz', PROXY)).status).toBe(200);
    const refused = await RawTcp.open(t.url, STRANGER);
    opened.push({ close: () => refused.destroy() });
    await waitFor(() => refused.isClosed, 'the over-cap connection closed');
    expect(refused.received).toMatch(/^HTTP\/1\.1 429/);
    expect(proxyHeld.every((raw) => !raw.isClosed)).toBe(true);
  });

  test('players behind a trusted proxy (WebSocket handshakes) are capped per forwarded address, and the proxy admits many', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 1, trustProxy: 'loopback' });
    const first = socketWith('10.0.4.1');
    expect(await outcomeOf(first)).toBe('connected');
    expect(await outcomeOf(socketWith('10.0.4.1'))).toMatch(/^refused/);
    const others = ['10.0.4.2', '10.0.4.3', '10.0.4.4'].map(socketWith);
    for (const socket of others) expect(await outcomeOf(socket)).toBe('connected');
    first.close();
    await waitFor(() => t.server.resources().connectionsCountedByIp === 3, 'the slot of 10.0.4.1 released');
    expect(await outcomeOf(socketWith('10.0.4.1'))).toBe('connected');
  });
});

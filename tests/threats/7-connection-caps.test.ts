// Open TCP connections are counted from their accept, before a byte of theirs is parsed: an
// address holds at most twice its handshake cap, the process at most maxOpenConnections, and a
// refused connection is told why in an HTTP answer before it is closed.
import { ErrorCode } from '@arena/protocol';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { getFrom, OTHER_ADDRESSES, pollingHandshake, RawTcp } from './support/other-addresses';
import { ThreatServer } from './support/threat-server';

const [A, B, C] = OTHER_ADDRESSES;

let t: ThreatServer;
const raws: RawTcp[] = [];
afterEach(async () => {
  for (const raw of raws.splice(0)) raw.destroy();
  await t.stop();
});

async function openFrom(address: string): Promise<RawTcp> {
  const raw = await RawTcp.open(t.url, address);
  raws.push(raw);
  return raw;
}

/** Silent connections from `address`, each accepted before the next is opened. */
async function holdFrom(address: string, count: number): Promise<RawTcp[]> {
  const held: RawTcp[] = [];
  for (let i = 0; i < count; i++) held.push(await openFrom(address));
  return held;
}

/** Opens a connection from `address` and waits for the server to close it; what it said. */
async function refusedFrom(address: string, request = ''): Promise<RawTcp> {
  const raw = await openFrom(address);
  if (request !== '') raw.write(request);
  await waitFor(() => raw.isClosed, `the connection from ${address} closed by the server`, {
    detail: () => `received: ${JSON.stringify(raw.received)}`,
  });
  return raw;
}

/** Whether a new connection from `address` is served (a refused one answers 429 or 503). */
async function isServedFrom(address: string): Promise<boolean> {
  return getFrom(t.url, '/healthz', address).then(
    (answer) => answer.status === 200,
    () => false,
  );
}

const CREATE_ROOM =
  'POST /api/rooms HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}';

describe('THREATS: open TCP connections', () => {
  test('an address holding twice maxConnectionsPerIp open TCP connections (silent ones, beside its hoarded handshakes) has the next refused at accept with 429 RATE_LIMITED, its request never parsed; other addresses and players get in', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 3, idleTimeoutMs: 60_000 });
    const roomId = await t.createRoom({ mode: 'arena' });
    for (let i = 0; i < 3; i++) await pollingHandshake(t.url, A); // every handshake slot of A
    const held = await holdFrom(A, 6); // every TCP slot of A, holding them without a word

    const refused = await refusedFrom(A, CREATE_ROOM);
    expect(refused.received).toMatch(/^HTTP\/1\.1 429 /);
    expect(refused.body).toEqual({
      error: { code: ErrorCode.RATE_LIMITED, message: expect.stringMatching(/at most 6/) },
    });
    expect(t.server.directory.size).toBe(1); // the POST on the refused connection was never read
    expect(held.every((raw) => !raw.isClosed && raw.received === '')).toBe(true);

    // nobody else pays: another address, and a player from 127.0.0.1, get in and play
    expect(await isServedFrom(B)).toBe(true);
    const player = await t.connect();
    expect((await player.join(roomId, 'honest')).roomId).toBe(roomId);
    await player.waitForTicks(2);

    // a slot of A comes back when one of its connections closes
    held[0]!.destroy();
    await waitFor(() => isServedFrom(A), 'a connection from A served again');
    expect(await t.metric('arena_refused_total', { code: ErrorCode.RATE_LIMITED })).toBeGreaterThanOrEqual(1);
  });

  test('a trusted address is exempt from the per-address TCP cap; an untrusted one is not', async () => {
    t = await ThreatServer.start({ maxConnectionsPerIp: 2, trustedAddresses: A, idleTimeoutMs: 60_000 });
    await holdFrom(A, 10); // over twice the cap of 2
    expect(await isServedFrom(A)).toBe(true);
    await holdFrom(B, 4);
    const refused = await refusedFrom(B);
    expect(refused.received).toMatch(/^HTTP\/1\.1 429 /);
  });

  test('beyond maxOpenConnections a new TCP connection, from any address, trusted or not, is answered 503 SERVER_FULL and closed; one frees when another closes', async () => {
    t = await ThreatServer.start({ maxOpenConnections: 6, trustedAddresses: C, idleTimeoutMs: 60_000 });
    const held = [...(await holdFrom(A, 2)), ...(await holdFrom(B, 2)), ...(await holdFrom(C, 2))];

    for (const address of [C, '127.0.0.1']) {
      const refused = await refusedFrom(address, 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(refused.received).toMatch(/^HTTP\/1\.1 503 /);
      expect(refused.body).toEqual({
        error: { code: ErrorCode.SERVER_FULL, message: expect.any(String) },
      });
    }
    expect(held.every((raw) => !raw.isClosed)).toBe(true);

    held[0]!.destroy();
    await waitFor(() => isServedFrom(C), 'a connection served again');
    held[1]!.destroy(); // room for the scrape's connection
    await waitFor(() => isServedFrom(A), 'room for one more');
    expect(await t.metric('arena_refused_total', { code: ErrorCode.SERVER_FULL })).toBeGreaterThanOrEqual(2);
  });
});

// Connections that hold a slot without talking: they are closed after --idle-timeout-ms, and
// while the rooms tick, nobody's accept or HTTP request waits on them.
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await t.stop();
});

const IDLE_MS = 400;

/** A raw TCP connection to the server that records what it is sent, and when it is closed. */
async function rawConnection(
  url: string,
): Promise<{ socket: Socket; received: () => string; closed: Promise<unknown> }> {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  sockets.push(socket);
  let received = '';
  socket.on('data', (chunk) => {
    received += chunk.toString('latin1');
  });
  socket.on('error', () => {});
  const closed = once(socket, 'close');
  await once(socket, 'connect');
  return { socket, received: () => received, closed };
}

describe('THREATS: idle and half-open connections', () => {
  test('a TCP connection that never sends a byte is answered 408 and closed after the idle timeout', async () => {
    t = await ThreatServer.start({ idleTimeoutMs: IDLE_MS });
    const idle = await rawConnection(t.url);
    await idle.closed;
    expect(idle.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  test('headers sent a line at a time (slowloris) are cut at the idle timeout, however long they keep coming', async () => {
    t = await ThreatServer.start({ idleTimeoutMs: IDLE_MS });
    const drip = await rawConnection(t.url);
    drip.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
    const timer = setInterval(() => drip.socket.write('X-Slow: 1\r\n'), IDLE_MS / 8);
    try {
      await drip.closed;
    } finally {
      clearInterval(timer);
    }
    expect(drip.received()).toMatch(/^HTTP\/1\.1 408/);
  });

  test('idle connections do not hold up others: while a room ticks, HTTP answers and a player joins', async () => {
    t = await ThreatServer.start({ idleTimeoutMs: 60_000, maxConnectionsPerIp: 0 });
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: 60 });
    const player = await t.connect();
    await player.join(roomId, 'ticking');
    // a hundred connections that never speak, held open for the whole test
    const idle = await Promise.all(Array.from({ length: 100 }, () => rawConnection(t.url)));
    const health = await fetch(`${t.url}/healthz`);
    expect(health.status).toBe(200);
    const newcomer = await t.connect();
    const welcome = await newcomer.join(roomId, 'newcomer');
    expect(welcome.roomId).toBe(roomId);
    expect(idle.every((connection) => !connection.socket.destroyed)).toBe(true);
  });

  test('a WebSocket player that sends nothing for many idle timeouts keeps its connection and seat', async () => {
    t = await ThreatServer.start({ idleTimeoutMs: 200 });
    const roomId = await t.createRoom({ mode: 'bench', tickRateHz: 60 });
    const quiet = await t.connect();
    const welcome = await quiet.join(roomId, 'quiet');
    // 120 snapshots at 60 Hz: about two seconds, ten idle timeouts, without a message from the player
    await quiet.waitFor(() => quiet.worlds.length >= 120, '120 snapshots', 10_000);
    expect(quiet.socket.connected).toBe(true);
    expect(quiet.latestWorld()!.world.players.some((p) => p.id === welcome.playerId)).toBe(true);
  });
});

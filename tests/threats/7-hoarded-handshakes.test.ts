// Handshakes that never connect to "/": each holds its address's connection slot and server
// memory, so they must go within the connect timeout, whatever the transport and however the
// client stops talking.
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';
import { waitFor } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { OTHER_ADDRESSES, pendingPoll, pollingHandshake } from './support/other-addresses';
import { upgrade } from './support/raw-websocket';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
const sockets: Socket[] = [];
const polls: ClientRequest[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const poll of polls.splice(0)) poll.destroy();
  await t.stop();
});

const CONNECT_TIMEOUT_MS = 1000;
/**
 * How long the test waits for every hoarded handshake to be gone: far above the connect timeout
 * plus the server's margin (2 s), even on a busy machine, and far below the 30 s engine.io would
 * otherwise hold a polling session whose client stopped polling.
 */
const RELEASED_WITHIN_MS = 15_000;

describe('THREATS: hoarded handshakes', () => {
  test('handshakes that never connect to "/" (polling, polling with a pending poll, WebSocket) are closed within the connect timeout and a 2 s margin, their slots and sockets released', async () => {
    t = await ThreatServer.start({ connectTimeoutMs: CONNECT_TIMEOUT_MS, idleTimeoutMs: 60_000 });
    const roomId = await t.createRoom({ mode: 'arena' });
    const honest = await t.connect();
    await honest.join(roomId, 'honest');

    const webSockets: { socket: Socket; isClosed: boolean }[] = [];
    await Promise.all(
      OTHER_ADDRESSES.map(async (address) => {
        for (let i = 0; i < 8; i++) await pollingHandshake(t.url, address); // then silence
        for (let i = 0; i < 4; i++) {
          // one long poll, answered by the server at some point, and never another
          polls.push(pendingPoll(t.url, await pollingHandshake(t.url, address), address));
        }
        for (let i = 0; i < 4; i++) {
          // the WebSocket is opened, never sends CONNECT, and never answers the closing handshake
          const answer = await upgrade(t.url, {}, 'EIO=4&transport=websocket', address);
          expect(answer.status).toBe(101);
          const socket = answer.socket!;
          sockets.push(socket);
          const hoarder = { socket, isClosed: false };
          socket.on('error', () => {});
          socket.resume(); // reads (and ignores) what the server sends, so its close is seen
          socket.on('close', () => {
            hoarder.isClosed = true;
          });
          webSockets.push(hoarder);
        }
      }),
    );

    await waitFor(
      () => {
        const r = t.server.resources();
        return (
          r.engineClients === 1 &&
          r.guards === 1 &&
          r.connectionsCountedByIp === 1 &&
          webSockets.every((ws) => ws.isClosed)
        );
      },
      'every hoarded handshake closed, only the honest player left',
      {
        timeoutMs: RELEASED_WITHIN_MS,
        detail: () =>
          `${JSON.stringify(t.server.resources())}, WebSockets still open: ${webSockets.filter((ws) => !ws.isClosed).length}`,
      },
    );
    // the honest player, who connected in time, plays on
    const ticks = honest.latestWorld()!.tick;
    await honest.waitForTicks(2);
    expect(honest.latestWorld()!.tick).toBeGreaterThan(ticks);
    expect(honest.socket.connected).toBe(true);
    // the slots are free again
    for (const address of OTHER_ADDRESSES) await pollingHandshake(t.url, address);
  });
});

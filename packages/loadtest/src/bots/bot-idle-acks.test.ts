import { type ArenaServer, createArenaServer, type Room } from '@arena/server';
import { waitForTicks } from '@arena/testing';
import { afterEach, expect, test } from 'vitest';
import { Bot, type BotSink } from './bot';

const ACK_TIMEOUT_MS = 2000;
const TICK_RATE_HZ = 30;

let server: ArenaServer | undefined;
const bots: Bot[] = [];
afterEach(async () => {
  for (const bot of bots.splice(0)) bot.stop();
  await server?.shutdown();
  server = undefined;
});

/** A sink that keeps the errors and disconnects the bots report. */
function recordingSink(events: string[]): BotSink {
  return {
    bytes() {},
    frame() {},
    inputSent() {},
    snapshotDecoded() {},
    ackLatency() {},
    error: (where, message) => events.push(`${where}: ${message}`),
    disconnected: (reason) => events.push(`disconnected: ${reason}`),
  };
}

test('bots seated before their inputs start (the others still joining) acknowledge snapshots and keep their seats past the ack timeout', async () => {
  server = await createArenaServer({
    host: '127.0.0.1',
    port: 0,
    logLevel: 'silent',
    ackTimeoutMs: ACK_TIMEOUT_MS,
  });
  const url = await server.listen();
  const created = server.directory.create({ id: 'waiting', mode: 'bench', tickRateHz: TICK_RATE_HZ });
  if (!created.ok) throw new Error(created.error.message);
  const room: Room = created.value;
  const events: string[] = [];
  // an observer (decodes through socket.io-client) and a raw counter (peeks snapshot ticks)
  for (const [i, isObserver] of [true, false].entries()) {
    const bot = new Bot(
      {
        url,
        roomId: 'waiting',
        name: `bot${i}`,
        tickHz: TICK_RATE_HZ,
        isObserver,
        rawReceive: true,
        connectTimeoutMs: 10_000,
      },
      recordingSink(events),
    );
    bots.push(bot);
    await bot.connect();
  }
  await waitForTicks(() => room.tickCount, (3 * ACK_TIMEOUT_MS * TICK_RATE_HZ) / 1000, 'three ack timeouts', {
    timeoutMs: 30_000,
  });
  expect(events).toEqual([]);
  expect(room.playerCount).toBe(2);
  expect(room.awayCount).toBe(0);
}, 60_000);

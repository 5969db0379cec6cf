// Issue 15, item 7: no player moves farther in a tick than the stated speed allows the inputs
// applied (position rounding included), and over any second no farther than the speed plus the
// input credit's 300 ms of catch-up, whatever its client sends; with `--input-credit-ms 0` (the
// strict rule) no farther in any second than the speed.

import { PLAYER_SPEED_UNITS_PER_S } from '@arena/protocol';
import { inputCreditCap, type ServerOptions } from '@arena/server';
import { waitForTicks } from '@arena/testing';
import { afterEach, describe, expect, test } from 'vitest';
import { ThreatServer } from './support/threat-server';

let t: ThreatServer;
afterEach(async () => {
  await t.stop();
});

// 60 Hz: a diagonal step rounded to the nearest 1/16 unit per axis was 3.359 units against 3.333
const TICK_HZ = 60;
const STEP_UNITS = PLAYER_SPEED_UNITS_PER_S / TICK_HZ;
const TOLERANCE_UNITS = 1e-9;

/**
 * Plays a speeder against a fresh server: diagonals with two inputs a tick, a pause, a burst of
 * 32, then one input a tick; returns the distance moved between consecutive snapshots and the
 * ticks the loop skipped meanwhile.
 */
async function playSpeeder(serverOptions: Partial<ServerOptions>) {
  t = await ThreatServer.start({ messageRatePerS: 10_000, messageBurst: 10_000, ...serverOptions });
  const roomId = await t.createRoom({
    mode: 'bench',
    tickRateHz: TICK_HZ,
    snapshotRateHz: TICK_HZ,
    strategy: 'full',
  });
  const tickCount = () => t.server.directory.get(roomId)!.tickCount;
  const nextTick = () => waitForTicks(tickCount, 1);
  const client = await t.connect();
  const { playerId } = await client.join(roomId, 'speeder');
  await client.waitFor(() => client.worlds.length > 0, 'a snapshot');
  const skippedBefore = await t.metric('arena_ticks_skipped_total');
  const firstSnapshot = client.worlds.length - 1;
  const start = client.latestWorld()!.world.players.find((p) => p.id === playerId)!;
  // diagonally toward the middle of the 2000 x 2000 bench arena: no edge within reach
  const dx = start.x < 1000 ? 1 : -1;
  const dy = start.y < 1000 ? 1 : -1;

  let last = 0;
  for (let tick = 0; tick < 1.5 * TICK_HZ; tick++) {
    client.input(dx, dy);
    last = client.input(dx, dy); // two inputs a tick: the credit banked at join would add 18 steps
    await nextTick();
  }
  await waitForTicks(tickCount, TICK_HZ / 3); // a pause: 20 ticks with no input
  for (let batch = 0; batch < 4; batch++) last = client.inputBatch(8, dx, dy); // then a burst of 32
  for (let tick = 0; tick < TICK_HZ; tick++) {
    last = client.input(dx, dy);
    await nextTick();
  }
  await client.waitFor(() => client.latestWorld()!.ackSeq === last, 'every input applied');
  const skippedTicks = (await t.metric('arena_ticks_skipped_total')) - skippedBefore;

  const seen = client.worlds.slice(firstSnapshot).map(({ tick, ackSeq, world }) => {
    const player = world.players.find((p) => p.id === playerId)!;
    return { tick, ackSeq, x: player.x, y: player.y };
  });
  const moved: { fromTick: number; tick: number; units: number }[] = [];
  for (let i = 1; i < seen.length; i++) {
    const [from, to] = [seen[i - 1]!, seen[i]!];
    const units = Math.hypot(to.x - from.x, to.y - from.y);
    // per tick: each applied input (the ack's advance) moves at most one step, rounding included
    expect(units).toBeLessThanOrEqual(STEP_UNITS * (to.ackSeq - from.ackSeq) + TOLERANCE_UNITS);
    moved.push({ fromTick: from.tick, tick: to.tick, units });
  }
  return { moved, skippedTicks };
}

/** The farthest the player went over any TICK_HZ ticks (a second). */
function fastestSecond(moved: readonly { fromTick: number; tick: number; units: number }[]): number {
  let fastest = 0;
  for (let i = 0; i < moved.length; i++) {
    let units = 0;
    for (let j = i; j < moved.length && moved[j]!.tick - moved[i]!.fromTick <= TICK_HZ; j++)
      units += moved[j]!.units;
    fastest = Math.max(fastest, units);
  }
  return fastest;
}

describe('THREATS §7 speed above the stated maximum', () => {
  test('diagonals, two inputs a tick, and a burst after a pause never move a player farther than speed x dt per input applied, nor farther in any second than speed x 1 s and the input credit', async () => {
    const { moved, skippedTicks } = await playSpeeder({});
    // per second: the distance covered over any TICK_HZ ticks, at most one step a tick period
    // plus the input credit (300 ms of catch-up, what a retransmission needs); a period the loop
    // skipped (a stall on a busy machine) earns credit too, and is one the ticks do not show
    const perSecondBound = (TICK_HZ + inputCreditCap(TICK_HZ) + skippedTicks) * STEP_UNITS + TOLERANCE_UNITS;
    expect(fastestSecond(moved)).toBeLessThanOrEqual(perSecondBound);
    // and the player did move at its speed: the limit holds it to the speed, not below it
    expect(fastestSecond(moved)).toBeGreaterThan(0.95 * PLAYER_SPEED_UNITS_PER_S);
  });

  test('with --input-credit-ms 0 the same client never moves more than one step a tick, nor farther in any second than speed x 1 s', async () => {
    const { moved } = await playSpeeder({ inputCreditMs: 0 });
    for (const { fromTick, tick, units } of moved) {
      expect(units).toBeLessThanOrEqual(STEP_UNITS * (tick - fromTick) + TOLERANCE_UNITS);
    }
    // a skipped period earns nothing beyond the one input a tick: the second holds the speed exactly
    expect(fastestSecond(moved)).toBeLessThanOrEqual(PLAYER_SPEED_UNITS_PER_S + TOLERANCE_UNITS);
    expect(fastestSecond(moved)).toBeGreaterThan(0.9 * PLAYER_SPEED_UNITS_PER_S);
  });
});

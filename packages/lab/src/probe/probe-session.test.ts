import {
  type ClientMessage,
  type PlayerView,
  PROTOCOL_VERSION,
  SNAPSHOT_STRATEGIES,
  snapToGrid,
  type WelcomeMessage,
} from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import type { InputSource } from '../script/input-script';
import { interpolationErrors } from '../stats/error-stats';
import { ProbeSession } from './probe-session';

const TICK_HZ = 60;
const PERIOD_MS = 1000 / TICK_HZ;
/** One tick of movement at full speed (200 units/s). */
// one input's movement from x=100: a step of speed / tick rate, snapped to the 1/16-unit grid
const STEP = snapToGrid(100 + 200 / TICK_HZ) - 100;

function welcome(): WelcomeMessage {
  return {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    playerId: 1,
    roomId: 'lab',
    tickRateHz: TICK_HZ,
    snapshotRateHz: TICK_HZ,
    strategy: 'full',
    mode: 'bench',
    arenaWidth: 2000,
    arenaHeight: 2000,
    walls: [],
    serverTimeMs: 0,
    tick: 0,
    players: [
      { id: 1, name: 'probe' },
      { id: 2, name: 'other' },
    ],
  };
}

const player = (id: number, x: number, y: number): PlayerView => ({ id, x, y, angle: 0, hp: 100, score: 0 });

/** Always full speed to the right. */
const rightwards: InputSource = { at: () => ({ moveX: 1, moveY: 0, aim: 0, fire: false }) };

function harness() {
  const sent: ClientMessage[] = [];
  const session = new ProbeSession(welcome(), rightwards, (message) => sent.push(message));
  const encoder = SNAPSHOT_STRATEGIES.get('full')!.createEncoder();
  const snapshot = (tick: number, ackSeq: number, players: PlayerView[], nowMs: number) => {
    encoder.beginSnapshot({ tick, players, projectiles: [] });
    const body = encoder.bodyFor({ playerId: 1, baselineTick: 0 });
    session.onSnapshot({ type: 'snapshot', tick, ackSeq, body }, nowMs);
  };
  return { session, snapshot, sent };
}

describe('ProbeSession', () => {
  test('prediction error: about 0 when the server applied what was predicted, the offset when it put the player elsewhere', () => {
    const { session, snapshot } = harness();
    session.measuring = true;
    snapshot(1, 0, [player(1, 100, 100), player(2, 500, 500)], 0);
    session.frame(0); // input 1: one step right
    snapshot(2, 1, [player(1, 100 + STEP, 100), player(2, 500, 500)], 10);
    session.frame(PERIOD_MS); // input 2
    // The server says input 2 left the player 5 units further right than the prediction.
    snapshot(3, 2, [player(1, 100 + 2 * STEP + 5, 100), player(2, 500, 500)], 40);

    const errors = Array.from(session.samples.predictionError.toArray());
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeLessThan(0.05); // positions travel in 1/16 unit
    expect(errors[1]).toBeCloseTo(5, 1);
    expect(session.samples.corrections).toBe(1); // only the second is beyond quantisation noise
  });

  test('a snapshot that acknowledges nothing new adds no prediction sample', () => {
    const { session, snapshot } = harness();
    session.measuring = true;
    snapshot(1, 0, [player(1, 100, 100)], 0);
    session.frame(0);
    snapshot(2, 0, [player(1, 100, 100)], 5);
    expect(session.samples.predictionError.length).toBe(0);
  });

  test('ack latency runs from when an input was produced to when the snapshot acknowledging it arrived', () => {
    const { session, snapshot } = harness();
    session.measuring = true;
    snapshot(1, 0, [player(1, 100, 100)], 0);
    session.frame(0); // input 1 at t=0
    session.frame(PERIOD_MS); // input 2 at t=16.7
    snapshot(2, 2, [player(1, 100 + 2 * STEP, 100)], 40); // acknowledges both at once
    const latencies = Array.from(session.samples.ackLatencyMs.toArray());
    expect(latencies[0]).toBeCloseTo(40, 6);
    expect(latencies[1]).toBeCloseTo(40 - PERIOD_MS, 6);
  });

  test('nothing is sampled while not measuring', () => {
    const { session, snapshot } = harness();
    snapshot(1, 0, [player(1, 100, 100), player(2, 500, 500)], 0);
    session.frame(0);
    snapshot(2, 1, [player(1, 100 + STEP + 5, 100), player(2, 500, 500)], 10);
    session.frame(PERIOD_MS);
    expect(session.samples.predictionError.length).toBe(0);
    expect(session.samples.ackLatencyMs.length).toBe(0);
    expect(session.samples.frames).toBe(0);
    expect(session.samples.remoteCount).toBe(0);
  });

  test('a remote player steadily interpolated from on-time snapshots is drawn on its true path', () => {
    const { session, snapshot } = harness();
    // The other player walks +10 units per tick; every tick's snapshot arrives on time.
    const otherX = (tick: number) => 500 + 10 * (tick - 1);
    for (let tick = 1; tick <= 60; tick++) {
      const nowMs = tick * PERIOD_MS;
      if (tick === 30) session.measuring = true;
      snapshot(tick, 0, [player(1, 100, 100), player(2, otherX(tick), 500)], nowMs);
      session.frame(nowMs + 1);
    }
    expect(session.samples.frames).toBe(31);
    expect(session.samples.remoteCount).toBe(31);
    expect(Array.from(session.samples.extrapolationMs.toArray()).every((ms) => ms === 0)).toBe(true);
    const truth = { at: (id: number, tick: number) => (id === 2 ? { x: otherX(tick), y: 500 } : undefined) };
    const drawn = Array.from({ length: session.samples.remoteCount }, (_, i) => session.samples.remoteAt(i));
    const { errors, unmatched } = interpolationErrors(drawn, truth);
    expect(unmatched).toBe(0);
    expect(Math.max(...errors)).toBeLessThan(0.05);
    // Drawn two snapshot periods behind the newest snapshot, as the game does by default.
    expect(session.interpDelayMs).toBeCloseTo(2 * PERIOD_MS, 6);
  });

  test('when snapshots stop, others are extrapolated and that time is sampled per frame', () => {
    const { session, snapshot } = harness();
    for (let tick = 1; tick <= 30; tick++) {
      snapshot(tick, 0, [player(1, 100, 100), player(2, 500 + 10 * tick, 500)], tick * PERIOD_MS);
      session.frame(tick * PERIOD_MS + 1);
    }
    session.measuring = true;
    // No snapshot for 6 ticks: the render tick passes the newest one after about two.
    for (let frame = 1; frame <= 6; frame++) session.frame(30 * PERIOD_MS + 1 + frame * PERIOD_MS);
    const extrapolated = Array.from(session.samples.extrapolationMs.toArray());
    expect(extrapolated.at(-1)).toBeGreaterThan(2 * PERIOD_MS);
    expect(extrapolated.filter((ms) => ms > 0).length).toBeGreaterThanOrEqual(3);
  });
});

import {
  type ArenaMap,
  dequantizeMoveAxis,
  PLAYER_RADIUS_UNITS,
  type Position,
  quantizeMoveAxis,
  snapToGrid,
  stepMovement,
} from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { DEFAULT_PREDICTOR_TUNING, OwnPlayerPredictor } from './own-player-predictor';

const TICK_HZ = 60;
const MAP: ArenaMap = {
  width: 2000,
  height: 2000,
  walls: [{ x: 600, y: 0, width: 40, height: 2000 }],
};

function predictor(start: Position = { x: 500, y: 500 }): OwnPlayerPredictor {
  return new OwnPlayerPredictor(
    { map: MAP, tickRateHz: TICK_HZ, radius: PLAYER_RADIUS_UNITS, ...DEFAULT_PREDICTOR_TUNING },
    start,
  );
}

/** The server's side: one input per tick, axes as they arrive on the wire. */
class FakeServer {
  position: Position;
  ack = 0;
  constructor(start: Position) {
    this.position = start;
  }
  apply(seq: number, moveX: number, moveY: number): void {
    this.position = stepMovement(
      this.position,
      dequantizeMoveAxis(quantizeMoveAxis(moveX)),
      dequantizeMoveAxis(quantizeMoveAxis(moveY)),
      1 / TICK_HZ,
      MAP,
    );
    this.ack = seq;
  }
}

describe('OwnPlayerPredictor', () => {
  test('moves at once with the shared movement rules', () => {
    const p = predictor();
    p.applyInput(1, 1, 0);
    expect(p.position.x).toBe(snapToGrid(500 + 200 / TICK_HZ)); // positions live on the 1/16 grid
    expect(p.pendingCount).toBe(1);
  });

  test('predicts with the quantised axes the server will apply, not the raw ones', () => {
    const p = predictor();
    const raw = 0.3337;
    p.applyInput(1, raw, 0);
    const onWire = dequantizeMoveAxis(quantizeMoveAxis(raw));
    expect(onWire).not.toBe(raw);
    // snapped to the 1/16 grid toward the start, as the server does
    expect(p.position.x).toBe(Math.floor((500 + (200 / TICK_HZ) * onWire) * 16) / 16);
  });

  test('reconciling with a server that lags behind by some inputs changes nothing', () => {
    const start = { x: 500, y: 500 };
    const p = predictor(start);
    const server = new FakeServer(start);
    const moves: [number, number][] = [];
    for (let seq = 1; seq <= 40; seq++) {
      const move: [number, number] = [Math.sin(seq / 3), Math.cos(seq / 5) * 0.7];
      moves.push(move);
      p.applyInput(seq, ...move);
      // The server is 5 inputs behind; it acks each as it applies it.
      if (seq > 5) {
        server.apply(seq - 5, ...moves[seq - 6]!);
        const correction = p.reconcile(server.ack, server.position);
        expect(correction).toBeUndefined();
      }
    }
    expect(p.pendingCount).toBe(5);
    expect(p.renderPosition).toEqual(p.position);
  });

  test('replays unacked inputs along walls exactly as the server will', () => {
    const start = { x: 560, y: 500 };
    const p = predictor(start);
    const server = new FakeServer(start);
    for (let seq = 1; seq <= 30; seq++) p.applyInput(seq, 1, 0.5);
    for (let seq = 1; seq <= 10; seq++) server.apply(seq, 1, 0.5);
    const before = p.position;
    expect(p.reconcile(10, server.position)).toBeUndefined();
    expect(p.position).toEqual(before);
    expect(p.position.x).toBeLessThanOrEqual(600 - PLAYER_RADIUS_UNITS);
  });

  test('a small misprediction is smoothed: the drawn player glides to the corrected spot', () => {
    const p = predictor();
    for (let seq = 1; seq <= 3; seq++) p.applyInput(seq, 1, 0);
    // The server dropped input 1: its position after ack 2 is one step short.
    const server = new FakeServer({ x: 500, y: 500 });
    server.apply(2, 1, 0);
    const drawnBefore = p.renderPosition;
    const correction = p.reconcile(2, server.position);
    expect(correction?.isSnap).toBe(false);
    expect(correction?.distanceUnits).toBe(snapToGrid(500 + 200 / TICK_HZ) - 500); // one step
    expect(p.renderPosition).toEqual(drawnBefore);
    p.smooth(DEFAULT_PREDICTOR_TUNING.smoothingHalfLifeMs);
    const halfway = p.renderPosition.x - p.position.x;
    expect(halfway).toBeCloseTo((snapToGrid(500 + 200 / TICK_HZ) - 500) / 2, 6);
    p.smooth(2000);
    expect(p.renderPosition).toEqual(p.position);
  });

  test('a large correction snaps at once', () => {
    const p = predictor();
    p.applyInput(1, 1, 0);
    const correction = p.reconcile(1, { x: 1500, y: 1500 });
    expect(correction).toEqual({ distanceUnits: expect.any(Number), isSnap: true });
    expect(p.renderPosition).toEqual({ x: 1500, y: 1500 });
  });

  test('ignores an ack older than one already seen', () => {
    const p = predictor();
    for (let seq = 1; seq <= 4; seq++) p.applyInput(seq, 0, 1);
    p.reconcile(3, { x: 500, y: 510 });
    const position = p.position;
    expect(p.reconcile(2, { x: 0, y: 0 })).toBeUndefined();
    expect(p.position).toEqual(position);
  });

  test('quantisation noise in snapshot positions does not count as a correction', () => {
    const p = predictor();
    p.applyInput(1, 1, 0);
    p.applyInput(2, 1, 0);
    const exact = new FakeServer({ x: 500, y: 500 });
    exact.apply(1, 1, 0);
    const quantised = { x: Math.round(exact.position.x * 16) / 16, y: exact.position.y };
    expect(p.reconcile(1, quantised)).toBeUndefined();
  });

  test('bounds the unacked inputs it keeps', () => {
    const p = predictor();
    for (let seq = 1; seq <= DEFAULT_PREDICTOR_TUNING.maxPendingInputs + 50; seq++) p.applyInput(seq, 0, 0);
    expect(p.pendingCount).toBe(DEFAULT_PREDICTOR_TUNING.maxPendingInputs);
  });
});

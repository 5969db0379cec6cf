import { type InputMessage, PLAYER_SPEED_UNITS_PER_S } from '@arena/protocol';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { InputQueue, inputCreditCap, standingBacklogFor } from '../rooms/input-queue';
import { World } from './world';

const TOLERANCE_UNITS = 1e-9;
const PLAYER_IDS = [1, 2];

/** A move axis as the wire delivers it (-127..127 steps), a diagonal, or any finite or infinite extreme. */
const axis = fc.oneof(
  fc.integer({ min: -127, max: 127 }).map((steps) => steps / 127),
  fc.constantFrom(-1, 1, 0, -0, Math.SQRT1_2, -Math.SQRT1_2),
  fc.double({ noNaN: true }),
);
const arriving = fc.oneof(
  fc.array(fc.record({ moveX: axis, moveY: axis, fire: fc.boolean() }), { maxLength: 2 }),
  fc.array(fc.record({ moveX: axis, moveY: axis, fire: fc.boolean() }), { minLength: 3, maxLength: 12 }), // a burst
);
/** One tick period: what each player's client delivers during it, and whether the loop skipped the period. */
const period = fc.record({
  arriving: fc.tuple(arriving, arriving),
  isSkipped: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});
type Period = typeof period extends fc.Arbitrary<infer T> ? T : never;

interface PeriodOutcome {
  readonly movedUnits: number;
  readonly applied: number;
}

/**
 * Plays the periods through the server's own input queues and world, as a room does: each
 * period the loop ran takes every queue's inputs for the tick and steps the world; a skipped
 * period grants the queues its credit. Returns, per player, the distance moved and the inputs
 * applied in each period (0 and 0 for a skipped one).
 */
function play(
  mode: 'arena' | 'bench',
  seed: number,
  tickRateHz: number,
  periods: readonly {
    arriving: readonly (readonly { moveX: number; moveY: number; fire: boolean }[])[];
    isSkipped: boolean;
  }[],
  /** `--input-credit-ms`; 0 is the strict rule. */
  inputCreditMs?: number,
): Map<number, PeriodOutcome[]> {
  const world = new World({ mode, tickRateHz, seed });
  const queues = new Map<number, InputQueue>();
  const outcomes = new Map<number, PeriodOutcome[]>();
  const seqs = new Map<number, number>();
  for (const id of PLAYER_IDS) {
    world.addPlayer(id, `p${id}`);
    queues.set(
      id,
      new InputQueue(
        32,
        inputCreditCap(tickRateHz, inputCreditMs),
        () => {},
        standingBacklogFor(inputCreditMs),
      ),
    );
    outcomes.set(id, []);
    seqs.set(id, 0);
  }
  for (const { arriving, isSkipped } of periods) {
    PLAYER_IDS.forEach((id, index) => {
      for (const { moveX, moveY, fire } of arriving[index]!) {
        const seq = seqs.get(id)! + 1;
        seqs.set(id, seq);
        const message: InputMessage = {
          type: 'input',
          seq,
          moveX,
          moveY,
          aim: 0,
          fire,
          clientTimeMs: 0,
          lastSnapshotTick: 0,
        };
        queues.get(id)!.offer(message);
      }
    });
    if (isSkipped) {
      for (const id of PLAYER_IDS) {
        queues.get(id)!.grantSkippedTicks(1);
        outcomes.get(id)!.push({ movedUnits: 0, applied: 0 });
      }
      continue;
    }
    const before = new Map(PLAYER_IDS.map((id) => [id, { ...world.getPlayer(id)! }]));
    const inputs = new Map(PLAYER_IDS.map((id) => [id, queues.get(id)!.takeForTick()]));
    world.step(inputs);
    for (const id of PLAYER_IDS) {
      const from = before.get(id)!;
      const to = world.getPlayer(id)!;
      outcomes
        .get(id)!
        .push({ movedUnits: Math.hypot(to.x - from.x, to.y - from.y), applied: inputs.get(id)!.length });
    }
  }
  return outcomes;
}

/** Asserts `check` on random games: either mode, any seed, tick rate and input sequence. */
function onAnyGame(
  check: (mode: 'arena' | 'bench', seed: number, tickRateHz: number, periods: Period[]) => void,
): void {
  fc.assert(
    fc.property(
      fc.constantFrom<'arena' | 'bench'>('arena', 'bench'),
      fc.integer({ min: 1, max: 1000 }),
      fc.constantFrom(10, 20, 30, 60, 128),
      fc.array(period, { minLength: 1, maxLength: 300 }),
      check,
    ),
    { numRuns: 150 },
  );
}

describe('speed limit: the simulation never moves a player faster than its speed', () => {
  test('on any input sequence (bursts, diagonals, extremes, walls, skipped ticks): per tick at most speed x dt x the inputs applied; over any span of tick periods at most one step a period plus the input credit', () => {
    onAnyGame((mode, seed, tickRateHz, periods) => {
      const stepUnits = PLAYER_SPEED_UNITS_PER_S / tickRateHz;
      const creditUnits = inputCreditCap(tickRateHz) * stepUnits;
      for (const outcome of play(mode, seed, tickRateHz, periods).values()) {
        for (const { movedUnits, applied } of outcome) {
          expect(movedUnits).toBeLessThanOrEqual(stepUnits * applied + TOLERANCE_UNITS);
        }
        // every span of tick periods, the first ones included: a second of them covers at
        // most speed x (1 s + the credit's 300 ms), and the long-run average is the speed
        for (let start = 0; start < outcome.length; start++) {
          let movedUnits = 0;
          for (let end = start; end < outcome.length; end++) {
            movedUnits += outcome[end]!.movedUnits;
            const periodsSpanned = end - start + 1;
            expect(movedUnits).toBeLessThanOrEqual(
              periodsSpanned * stepUnits + creditUnits + TOLERANCE_UNITS,
            );
          }
        }
      }
    });
  });

  test('a client that holds a diagonal and sends two inputs every tick gains at most the credit, once', () => {
    const tickRateHz = 60;
    const burst = [
      { moveX: 1, moveY: 1, fire: false },
      { moveX: 1, moveY: 1, fire: false },
    ];
    const periods = Array.from({ length: 4 * tickRateHz }, () => ({
      arriving: [burst, burst],
      isSkipped: false,
    }));
    const outcome = play('bench', 7, tickRateHz, periods).get(1)!;
    const perSecond = [0, 1, 2, 3].map((second) =>
      outcome
        .slice(second * tickRateHz, (second + 1) * tickRateHz)
        .reduce((sum, { movedUnits }) => sum + movedUnits, 0),
    );
    const creditUnits = inputCreditCap(tickRateHz) * (PLAYER_SPEED_UNITS_PER_S / tickRateHz);
    expect(perSecond[0]).toBeLessThanOrEqual(PLAYER_SPEED_UNITS_PER_S + creditUnits);
    // once the credit is spent, one step a tick: never above the speed
    for (const movedUnits of perSecond.slice(1))
      expect(movedUnits).toBeLessThanOrEqual(PLAYER_SPEED_UNITS_PER_S);
    // and not much less: each diagonal step on the grid within 1/16 unit per axis
    expect(perSecond[3]).toBeGreaterThan(PLAYER_SPEED_UNITS_PER_S - tickRateHz * (Math.SQRT2 / 16));
  });

  test('with --input-credit-ms 0 (strict) on any input sequence: no tick moves a player more than one step, and no second (any span of tick periods) more than speed x its duration', () => {
    onAnyGame((mode, seed, tickRateHz, periods) => {
      const stepUnits = PLAYER_SPEED_UNITS_PER_S / tickRateHz;
      for (const outcome of play(mode, seed, tickRateHz, periods, 0).values()) {
        for (const { movedUnits, applied } of outcome) {
          expect(applied).toBeLessThanOrEqual(1);
          expect(movedUnits).toBeLessThanOrEqual(stepUnits + TOLERANCE_UNITS);
        }
        // a window of T periods is a second: at most speed x 1 s, whatever came before
        for (let start = 0; start < outcome.length; start++) {
          let movedUnits = 0;
          for (let end = start; end < Math.min(outcome.length, start + tickRateHz); end++) {
            movedUnits += outcome[end]!.movedUnits;
          }
          const periodsSpanned = Math.min(outcome.length, start + tickRateHz) - start;
          expect(movedUnits).toBeLessThanOrEqual(
            (periodsSpanned * PLAYER_SPEED_UNITS_PER_S) / tickRateHz + TOLERANCE_UNITS,
          );
        }
      }
    });
  });

  test('with the default credit a burst after a pause is caught up; with the strict rule only its freshest input is applied', () => {
    const tickRateHz = 60;
    const step = [{ moveX: 1, moveY: 0, fire: false }];
    const gapTicks = 12; // a TCP retransmission at 60 Hz
    const periods = [
      ...Array.from({ length: 30 }, () => ({ arriving: [step, step], isSkipped: false })),
      ...Array.from({ length: gapTicks }, () => ({ arriving: [[], []], isSkipped: false })),
      { arriving: [Array(gapTicks + 1).fill(step[0]), Array(gapTicks + 1).fill(step[0])], isSkipped: false },
      ...Array.from({ length: 60 }, () => ({ arriving: [step, step], isSkipped: false })),
    ];
    const total = (creditMs: number) =>
      play('bench', 7, tickRateHz, periods, creditMs)
        .get(1)!
        .reduce((sum, { applied }) => sum + applied, 0);
    const sent = 30 + gapTicks + 1 + 60;
    expect(total(300)).toBe(sent);
    // strict: of the burst only the freshest is applied; the 12 older ones are dropped, since
    // nothing would ever drain them (one arrives and one is applied each tick after)
    expect(total(0)).toBe(sent - gapTicks);
  });
});

import type { ArenaMap } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { CombatScript } from './combat-script';
import type { ScriptView } from './input-script';

const MAP: ArenaMap = { width: 2000, height: 2000, walls: [{ x: 900, y: 900, width: 200, height: 200 }] };
const TICK_HZ = 60;

/** A fight seen from probe 1: it stands at (400, 400), probe 2 circles it 300 units away. */
function view(seq: number): ScriptView {
  const angle = seq / 30;
  return {
    map: MAP,
    self: { id: 1, x: 400, y: 400, hp: 100 },
    others: [
      { id: 2, x: 400 + 300 * Math.cos(angle), y: 400 + 300 * Math.sin(angle), hp: 100 },
      { id: 3, x: 1800, y: 1800, hp: 0 },
    ],
  };
}

function play(script: CombatScript, inputs: number) {
  return Array.from({ length: inputs }, (_, i) => script.at(i + 1, view(i + 1)));
}

describe('CombatScript', () => {
  test('the same seed and the same views give the same inputs; another seed does not', () => {
    const a = play(new CombatScript(7, 0, TICK_HZ), 600);
    const b = play(new CombatScript(7, 0, TICK_HZ), 600);
    const other = play(new CombatScript(8, 0, TICK_HZ), 600);
    expect(b).toEqual(a);
    expect(other).not.toEqual(a);
  });

  test('an input, once decided, does not change when asked again with another view', () => {
    const script = new CombatScript(7, 1, TICK_HZ);
    const first = script.at(5, view(5));
    expect(script.at(5, view(500))).toEqual(first);
  });

  test('fires at a living player in range, aims at it, and moves most of the time', () => {
    const inputs = play(new CombatScript(7, 2, TICK_HZ), 1200);
    const fired = inputs.filter((input) => input.fire).length;
    expect(fired).toBeGreaterThan(inputs.length * 0.5);
    expect(fired).toBeLessThan(inputs.length);
    const moving = inputs.filter((input) => input.moveX !== 0 || input.moveY !== 0).length;
    expect(moving).toBeGreaterThan(inputs.length * 0.5);
    // the aim follows probe 2 (never the dead probe 3), within the wobble
    for (const [i, input] of inputs.entries()) {
      const target = view(i + 1).others[0]!;
      const toTarget = Math.atan2(target.y - 400, target.x - 400);
      const off = Math.atan2(Math.sin(input.aim - toTarget), Math.cos(input.aim - toTarget));
      expect(Math.abs(off)).toBeLessThanOrEqual(0.06 + 1e-9);
    }
  });

  test('holds fire with nobody alive in range, and wanders before it has seen anyone', () => {
    const script = new CombatScript(7, 3, TICK_HZ);
    const blind = Array.from({ length: 300 }, (_, i) => script.at(i + 1));
    expect(blind.some((input) => input.fire)).toBe(false);
    const far: ScriptView = {
      map: MAP,
      self: { id: 1, x: 50, y: 50, hp: 100 },
      others: [{ id: 2, x: 1950, y: 1950, hp: 100 }],
    };
    const alone = Array.from({ length: 300 }, (_, i) => script.at(301 + i, far));
    expect(alone.some((input) => input.fire)).toBe(false);
  });
});

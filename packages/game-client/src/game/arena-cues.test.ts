import { SPAWN_PROTECTION_MS } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { ArenaCues } from './arena-cues';
import { SpawnShields } from './spawn-shields';

describe('ArenaCues', () => {
  test('the own shots that land become hit and kill cues; being shot becomes hurt and death', () => {
    const cues = new ArenaCues(1);
    cues.fired();
    cues.onEvent({ kind: 'hit', shooterId: 1, victimId: 2 });
    cues.onEvent({ kind: 'hit', shooterId: 3, victimId: 2 }); // someone else's hit: nothing
    cues.onEvent({ kind: 'kill', killerId: 1, victimId: 2 });
    cues.onEvent({ kind: 'hit', shooterId: 2, victimId: 1 });
    cues.onEvent({ kind: 'kill', killerId: 2, victimId: 1 });
    cues.onEvent({ kind: 'respawn', playerId: 1, x: 5, y: 5 });
    expect(cues.take()).toEqual([
      { kind: 'fire' },
      { kind: 'hit', victimId: 2 },
      { kind: 'kill', victimId: 2 },
      { kind: 'hurt' },
      { kind: 'death' },
      { kind: 'respawn' },
    ]);
    expect(cues.take()).toEqual([]);
  });

  test('a spectator gets no cues', () => {
    const cues = new ArenaCues(0);
    cues.onEvent({ kind: 'kill', killerId: 1, victimId: 2 });
    expect(cues.take()).toEqual([]);
  });
});

describe('SpawnShields', () => {
  test('a join or respawn shows protection for SPAWN_PROTECTION_MS, running down', () => {
    const shields = new SpawnShields();
    shields.onEvent({ kind: 'join', playerId: 2, name: 'b' }, 1000);
    expect(shields.remaining(2, 1000)).toBe(1);
    expect(shields.remaining(2, 1000 + SPAWN_PROTECTION_MS / 2)).toBeCloseTo(0.5);
    expect(shields.remaining(2, 1000 + SPAWN_PROTECTION_MS)).toBe(0);
    shields.onEvent({ kind: 'respawn', playerId: 2, x: 0, y: 0 }, 9000);
    expect(shields.remaining(2, 9001)).toBeGreaterThan(0.99);
    shields.onEvent({ kind: 'leave', playerId: 2 }, 9002);
    expect(shields.remaining(2, 9003)).toBe(0);
    expect(shields.remaining(7, 9003)).toBe(0);
  });
});

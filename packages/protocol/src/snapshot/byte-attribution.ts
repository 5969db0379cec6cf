import { quantizeAngle, quantizePosition } from '../rules/quantize';
import { TallyingBitWriter } from './bit-stream';
import { encodeDelta } from './delta-snapshot';
import { quantizeWorld } from './quantized-world';
import type { WorldView } from './world-view';

export interface ByteShare {
  /** `header`, or `<entity kind>.<field>`: `player.position`, `player.angle`, `projectile.id`, ... */
  readonly field: string;
  readonly bytes: number;
  /** Fraction of the body, 0..1. */
  readonly share: number;
}

export interface ByteAttribution {
  readonly strategy: string;
  readonly totalBytes: number;
  /** Largest first. */
  readonly shares: readonly ByteShare[];
}

/**
 * Where a snapshot body's bytes go, field by field, for one strategy: "position 58 %, angle
 * 21 %, ...". `baseline` is the world the viewer acknowledged (delta strategies); without one the
 * body is a keyframe. For `delta+aoi` the whole world is attributed (no viewer filter), which
 * gives the same shares per entity.
 */
export function attributeSnapshotBytes(
  strategy: string,
  world: WorldView,
  baseline?: WorldView,
): ByteAttribution {
  const bits = new Map<string, number>();
  if (strategy === 'full') {
    tallyFull(world, bits);
  } else {
    const writer = new TallyingBitWriter();
    encodeDelta(quantizeWorld(world), baseline === undefined ? undefined : quantizeWorld(baseline), writer);
    for (const [field, count] of writer.bitsByCategory) bits.set(field, count);
  }
  const totalBits = [...bits.values()].reduce((sum, count) => sum + count, 0);
  const shares = [...bits]
    .filter(([, count]) => count > 0)
    .map(([field, count]) => ({ field, bytes: count / 8, share: totalBits === 0 ? 0 : count / totalBits }))
    .sort((a, b) => b.bytes - a.bytes);
  return { strategy, totalBytes: Math.ceil(totalBits / 8), shares };
}

/** The full strategy's msgpack body, sized field by field (records: one byte, then the values). */
function tallyFull(world: WorldView, bits: Map<string, number>): void {
  const add = (field: string, bytes: number) => bits.set(field, (bits.get(field) ?? 0) + bytes * 8);
  add('header', 1 + arrayHeaderBytes(world.players.length) + arrayHeaderBytes(world.projectiles.length));
  for (const p of world.players) {
    add('player.record', 1);
    add('player.id', uintBytes(p.id));
    add('player.position', uintBytes(quantizePosition(p.x)) + uintBytes(quantizePosition(p.y)));
    add('player.angle', uintBytes(quantizeAngle(p.angle)));
    add('player.hp', uintBytes(p.hp));
    add('player.score', uintBytes(p.score));
  }
  for (const p of world.projectiles) {
    add('projectile.record', 1);
    add('projectile.id', uintBytes(p.id));
    add('projectile.position', uintBytes(quantizePosition(p.x)) + uintBytes(quantizePosition(p.y)));
    add('projectile.angle', uintBytes(quantizeAngle(p.angle)));
  }
}

// msgpack with records: 0..63 in one byte, then uint8/16/32 with a type byte
function uintBytes(value: number): number {
  return value < 0x40 ? 1 : value < 0x100 ? 2 : value < 0x10000 ? 3 : 5;
}

function arrayHeaderBytes(length: number): number {
  return length < 16 ? 1 : length < 0x10000 ? 3 : 5;
}

import { dequantizePosition } from '../rules/quantize';
import { type BitReader, BitStreamError, type BitWriter } from './bit-stream';
import {
  DELTA_ANGLE_STEPS,
  dequantizeDeltaAngle,
  type QuantizedEntity,
  type QuantizedWorld,
} from './quantized-world';
import type { WorldView } from './world-view';

/**
 * The bit layout of a delta snapshot body (see docs/protocol.md, "delta"):
 *
 *   body      = baselineAge:ue(0)  players:section  projectiles:section
 *   section   = keyframe: count:ue(0) full*count
 *             | delta:    removed:ue(0) gap:ue(0)*removed  (changed:bit [mask values])*kept  added:ue(0) full*added
 *   full      = id:ue(2) x:u16 y:u16 a:u12 [hp:u7 score:ue(0)]      (hp and score for players only)
 *   mask      = pos:bit angle:bit [hp:bit score:bit]
 *   values    = [dx:se(5) dy:se(5)] [da:se(4)] [hp:u7] [dscore:se(0)]
 *
 * ue(k)/se(k): unsigned/signed Exp-Golomb of order k. Angle deltas wrap around the turn.
 */

export type EntityKind = 'player' | 'projectile';

const ANGLE_STEPS = DELTA_ANGLE_STEPS;
const HALF_TURN = ANGLE_STEPS / 2;

/** Byte-attribution labels per entity kind (set on the writer before each field). */
const LABELS = {
  player: {
    list: 'player.list',
    id: 'player.id',
    change: 'player.change-mask',
    position: 'player.position',
    angle: 'player.angle',
    hp: 'player.hp',
    score: 'player.score',
  },
  projectile: {
    list: 'projectile.list',
    id: 'projectile.id',
    change: 'projectile.change-mask',
    position: 'projectile.position',
    angle: 'projectile.angle',
    hp: 'projectile.hp',
    score: 'projectile.score',
  },
} as const;

function hasStats(kind: EntityKind): boolean {
  return kind === 'player';
}

export function writeSection(
  writer: BitWriter,
  current: readonly QuantizedEntity[],
  baseline: readonly QuantizedEntity[] | undefined,
  kind: EntityKind,
): void {
  const labels = LABELS[kind];
  writer.category = labels.list;
  if (baseline === undefined) {
    writer.writeUnsigned(current.length);
    for (const entity of current) writeFull(writer, entity, kind);
    return;
  }
  // Both lists are sorted by id: one merge pass finds removed, kept and added entities.
  const removed: number[] = [];
  const kept: [QuantizedEntity, QuantizedEntity][] = [];
  const added: QuantizedEntity[] = [];
  let i = 0;
  let j = 0;
  while (i < baseline.length || j < current.length) {
    const before = baseline[i];
    const now = current[j];
    if (now === undefined || (before !== undefined && before.id < now.id)) {
      removed.push(i++);
    } else if (before === undefined || now.id < before.id) {
      added.push(now);
      j++;
    } else {
      kept.push([before, now]);
      i++;
      j++;
    }
  }
  writer.writeUnsigned(removed.length);
  let previous = -1;
  for (const index of removed) {
    writer.writeUnsigned(index - previous - 1);
    previous = index;
  }
  for (const [before, now] of kept) writeChange(writer, before, now, kind);
  writer.category = labels.list;
  writer.writeUnsigned(added.length);
  for (const entity of added) writeFull(writer, entity, kind);
}

function writeFull(writer: BitWriter, e: QuantizedEntity, kind: EntityKind): void {
  const labels = LABELS[kind];
  writer.category = labels.id;
  writer.writeUnsigned(e.id, 2);
  writer.category = labels.position;
  writer.writeBits(e.x, 16);
  writer.writeBits(e.y, 16);
  writer.category = labels.angle;
  writer.writeBits(e.a, 12);
  if (hasStats(kind)) {
    writer.category = labels.hp;
    writer.writeBits(e.hp, 7);
    writer.category = labels.score;
    writer.writeUnsigned(e.score);
  }
}

function writeChange(
  writer: BitWriter,
  before: QuantizedEntity,
  now: QuantizedEntity,
  kind: EntityKind,
): void {
  const isMoved = before.x !== now.x || before.y !== now.y;
  const isTurned = before.a !== now.a;
  const stats = hasStats(kind);
  const isHurt = stats && before.hp !== now.hp;
  const isScored = stats && before.score !== now.score;
  const labels = LABELS[kind];
  writer.category = labels.change;
  if (!isMoved && !isTurned && !isHurt && !isScored) {
    writer.writeBit(false);
    return;
  }
  writer.writeBit(true);
  writer.writeBit(isMoved);
  writer.writeBit(isTurned);
  if (stats) {
    writer.writeBit(isHurt);
    writer.writeBit(isScored);
  }
  if (isMoved) {
    writer.category = labels.position;
    writer.writeSigned(now.x - before.x, 5);
    writer.writeSigned(now.y - before.y, 5);
  }
  if (isTurned) {
    writer.category = labels.angle;
    writer.writeSigned(wrapAngleDelta(now.a - before.a), 4);
  }
  if (isHurt) {
    writer.category = labels.hp;
    writer.writeBits(now.hp, 7);
  }
  if (isScored) {
    writer.category = labels.score;
    writer.writeSigned(now.score - before.score);
  }
}

export function readSection(
  reader: BitReader,
  baseline: readonly QuantizedEntity[] | undefined,
  kind: EntityKind,
): QuantizedEntity[] {
  if (baseline === undefined) {
    const count = readCount(reader);
    const entities: QuantizedEntity[] = [];
    for (let n = 0; n < count; n++) entities.push(readFull(reader, kind));
    return entities;
  }
  // removed entities come as increasing baseline indices (gaps), so one pass keeps the rest
  const removedCount = readCount(reader);
  const removed: number[] = [];
  let index = -1;
  for (let n = 0; n < removedCount; n++) {
    index += reader.readUnsigned() + 1;
    if (index >= baseline.length) throw new BitStreamError('removed entity beyond the baseline');
    removed.push(index);
  }
  const entities: QuantizedEntity[] = [];
  let nextRemoved = 0;
  for (let i = 0; i < baseline.length; i++) {
    if (removed[nextRemoved] === i) nextRemoved++;
    else entities.push(readChange(reader, baseline[i]!, kind));
  }
  const addedCount = readCount(reader);
  for (let n = 0; n < addedCount; n++) entities.push(readFull(reader, kind));
  // the baseline is in id order, and so are the kept entities: only additions can break it
  return addedCount === 0 ? entities : entities.sort((a, b) => a.id - b.id);
}

/** Counts are bounded so a corrupt body cannot make the decoder loop for long. */
function readCount(reader: BitReader): number {
  const count = reader.readUnsigned();
  if (count > 65535) throw new BitStreamError(`entity count ${count} is not plausible`);
  return count;
}

function readFull(reader: BitReader, kind: EntityKind): QuantizedEntity {
  const id = reader.readUnsigned(2);
  const x = reader.readBits(16);
  const y = reader.readBits(16);
  const a = reader.readBits(12);
  const hp = hasStats(kind) ? reader.readBits(7) : 0;
  const score = hasStats(kind) ? reader.readUnsigned() : 0;
  return { id, x, y, a, hp, score };
}

function readChange(reader: BitReader, before: QuantizedEntity, kind: EntityKind): QuantizedEntity {
  if (!reader.readBit()) return before;
  const stats = hasStats(kind);
  const isMoved = reader.readBit();
  const isTurned = reader.readBit();
  const isHurt = stats && reader.readBit();
  const isScored = stats && reader.readBit();
  let { x, y, a, hp, score } = before;
  if (isMoved) {
    x += reader.readSigned(5);
    y += reader.readSigned(5);
  }
  if (isTurned) a = (a + reader.readSigned(4) + ANGLE_STEPS) % ANGLE_STEPS;
  if (isHurt) hp = reader.readBits(7);
  if (isScored) score += reader.readSigned();
  return { id: before.id, x, y, a, hp, score };
}

/** The shortest signed way round the turn from one angle step to another. */
function wrapAngleDelta(delta: number): number {
  if (delta >= HALF_TURN) return delta - ANGLE_STEPS;
  if (delta < -HALF_TURN) return delta + ANGLE_STEPS;
  return delta;
}

export function toWorldView(world: QuantizedWorld): WorldView {
  return {
    tick: world.tick,
    players: world.players.map((p) => ({
      id: p.id,
      x: dequantizePosition(p.x),
      y: dequantizePosition(p.y),
      angle: dequantizeDeltaAngle(p.a),
      hp: p.hp,
      score: p.score,
    })),
    projectiles: world.projectiles.map((p) => ({
      id: p.id,
      x: dequantizePosition(p.x),
      y: dequantizePosition(p.y),
      angle: dequantizeDeltaAngle(p.a),
    })),
  };
}

import { quantizePosition } from '../rules/quantize';
import { BitWriter } from './bit-stream';
import { writeSection } from './delta-body';
import { DELTA_HISTORY_SNAPSHOTS, deltaSnapshot } from './delta-snapshot';
import { type QuantizedEntity, type QuantizedWorld, quantizeWorld } from './quantized-world';
import type { SnapshotEncoder, SnapshotStrategy, SnapshotViewer } from './snapshot-strategy';
import type { WorldView } from './world-view';

/** Entities closer than this to the viewer's player enter its area of interest (world units). */
export const AOI_ENTER_RADIUS_UNITS = 700;
/** ... and leave it only beyond this, so an entity on the edge does not flicker in and out. */
export const AOI_LEAVE_RADIUS_UNITS = 800;

/**
 * `delta+aoi`: the delta strategy restricted to each viewer's area of interest, a circle around
 * its own player with hysteresis (enter within 700 units, leave beyond 800). Entities crossing
 * the edge are sent as removed/added, so the client decodes with the plain delta decoder. Each
 * viewer sees its own subset, so bodies are encoded per viewer (against that viewer's own
 * history of what it was sent); the saving is in bytes, the cost in server CPU.
 */
export const aoiDeltaSnapshot: SnapshotStrategy = {
  name: 'delta+aoi',
  createEncoder: () => new AoiDeltaSnapshotEncoder(),
  createDecoder: () => deltaSnapshot.createDecoder(),
};

interface ViewerState {
  /** What this viewer was last sent (its area of interest then), for the hysteresis. */
  last: QuantizedWorld | undefined;
  readonly history: Map<number, QuantizedWorld>;
}

const ENTER_STEPS = quantizePosition(AOI_ENTER_RADIUS_UNITS);
const LEAVE_STEPS = quantizePosition(AOI_LEAVE_RADIUS_UNITS);
const ENTER_SQUARED = ENTER_STEPS * ENTER_STEPS;
const LEAVE_SQUARED = LEAVE_STEPS * LEAVE_STEPS;

class AoiDeltaSnapshotEncoder implements SnapshotEncoder {
  private current: QuantizedWorld = { tick: 0, players: [], projectiles: [] };
  private readonly viewers = new Map<number, ViewerState>();
  private readonly bodies = new Map<number, Uint8Array>();
  /** One scratch writer for every body: `finish` copies the bytes out. */
  private readonly writer = new BitWriter(1024);

  beginSnapshot(world: WorldView): void {
    this.current = quantizeWorld(world);
    this.bodies.clear();
  }

  bodyFor(viewer: SnapshotViewer): Uint8Array {
    const cached = this.bodies.get(viewer.playerId);
    if (cached !== undefined) return cached;
    let state = this.viewers.get(viewer.playerId);
    if (state === undefined) {
      state = { last: undefined, history: new Map() };
      this.viewers.set(viewer.playerId, state);
    }
    const seen = this.filterFor(viewer.playerId, state);
    state.history.set(seen.tick, seen);
    if (state.history.size > DELTA_HISTORY_SNAPSHOTS)
      state.history.delete(state.history.keys().next().value!);
    const baseline = viewer.baselineTick < seen.tick ? state.history.get(viewer.baselineTick) : undefined;
    const writer = this.writer;
    writer.reset();
    writer.writeUnsigned(baseline === undefined ? 0 : seen.tick - baseline.tick);
    writeSection(writer, seen.players, baseline?.players, 'player');
    writeSection(writer, seen.projectiles, baseline?.projectiles, 'projectile');
    const body = writer.finish();
    this.bodies.set(viewer.playerId, body);
    return body;
  }

  forgetViewer(playerId: number): void {
    this.viewers.delete(playerId);
  }

  /** This viewer's slice of the current world, with hysteresis against what it was last sent. */
  private filterFor(playerId: number, state: ViewerState): QuantizedWorld {
    const self = findById(this.current.players, playerId);
    if (self === undefined) return this.current; // not a player of this world (spectator): everything
    const seen = state.last;
    const slice: QuantizedWorld = {
      tick: this.current.tick,
      players: inAreaOf(self, this.current.players, seen?.players),
      projectiles: inAreaOf(self, this.current.projectiles, seen?.projectiles),
    };
    state.last = slice;
    return slice;
  }
}

/**
 * The entities within the enter radius of `self`, or within the leave radius when the viewer
 * already saw them. Both lists are sorted by id, so "already saw" is one merge pass, not a set
 * lookup: this runs for every entity and every viewer of every snapshot.
 */
function inAreaOf(
  self: QuantizedEntity,
  entities: readonly QuantizedEntity[],
  seen: readonly QuantizedEntity[] | undefined,
): QuantizedEntity[] {
  const kept: QuantizedEntity[] = [];
  let s = 0;
  for (const entity of entities) {
    const dx = entity.x - self.x;
    const dy = entity.y - self.y;
    const distanceSquared = dx * dx + dy * dy;
    if (entity === self || distanceSquared <= ENTER_SQUARED) {
      kept.push(entity);
    } else if (distanceSquared <= LEAVE_SQUARED && seen !== undefined) {
      while (s < seen.length && seen[s]!.id < entity.id) s++;
      if (s < seen.length && seen[s]!.id === entity.id) kept.push(entity);
    }
  }
  return kept;
}

/** Binary search: entity lists are sorted by id. */
function findById(entities: readonly QuantizedEntity[], id: number): QuantizedEntity | undefined {
  let low = 0;
  let high = entities.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const entity = entities[middle]!;
    if (entity.id === id) return entity;
    if (entity.id < id) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

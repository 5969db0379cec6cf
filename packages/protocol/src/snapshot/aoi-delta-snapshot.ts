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
  visible: Set<number>;
  readonly history: Map<number, QuantizedWorld>;
}

const ENTER_STEPS = quantizePosition(AOI_ENTER_RADIUS_UNITS);
const LEAVE_STEPS = quantizePosition(AOI_LEAVE_RADIUS_UNITS);

class AoiDeltaSnapshotEncoder implements SnapshotEncoder {
  private current: QuantizedWorld = { tick: 0, players: [], projectiles: [] };
  private readonly viewers = new Map<number, ViewerState>();
  private readonly bodies = new Map<number, Uint8Array>();

  beginSnapshot(world: WorldView): void {
    this.current = quantizeWorld(world);
    this.bodies.clear();
  }

  bodyFor(viewer: SnapshotViewer): Uint8Array {
    const cached = this.bodies.get(viewer.playerId);
    if (cached !== undefined) return cached;
    let state = this.viewers.get(viewer.playerId);
    if (state === undefined) {
      state = { visible: new Set(), history: new Map() };
      this.viewers.set(viewer.playerId, state);
    }
    const seen = this.filterFor(viewer.playerId, state);
    state.history.set(seen.tick, seen);
    if (state.history.size > DELTA_HISTORY_SNAPSHOTS)
      state.history.delete(state.history.keys().next().value!);
    const baseline = viewer.baselineTick < seen.tick ? state.history.get(viewer.baselineTick) : undefined;
    const writer = new BitWriter(64 + seen.players.length * 8);
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

  /** This viewer's slice of the current world; updates its visible set with hysteresis. */
  private filterFor(playerId: number, state: ViewerState): QuantizedWorld {
    const self = this.current.players.find((p) => p.id === playerId);
    if (self === undefined) return this.current; // not a player of this world (spectator): everything
    const visible = new Set<number>();
    const keep = (entity: QuantizedEntity, key: number): boolean => {
      if (entity === self) return true;
      const dx = entity.x - self.x;
      const dy = entity.y - self.y;
      const radius = state.visible.has(key) ? LEAVE_STEPS : ENTER_STEPS;
      if (dx * dx + dy * dy > radius * radius) return false;
      visible.add(key);
      return true;
    };
    // projectile keys are negated so player and projectile ids never collide in one set
    const players = this.current.players.filter((p) => keep(p, p.id));
    const projectiles = this.current.projectiles.filter((p) => keep(p, -p.id - 1));
    state.visible = visible;
    return { tick: this.current.tick, players, projectiles };
  }
}

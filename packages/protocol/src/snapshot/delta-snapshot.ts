import { ErrorCode, fail, ok, type Result } from '../errors';
import { BitReader, BitStreamError, BitWriter } from './bit-stream';
import { readSection, toWorldView, writeSection } from './delta-body';
import { type QuantizedWorld, quantizeWorld } from './quantized-world';
import type { SnapshotDecoder, SnapshotEncoder, SnapshotStrategy, SnapshotViewer } from './snapshot-strategy';
import type { WorldView } from './world-view';

/** Snapshots the server keeps as possible baselines (about 1 s at 60 Hz). */
export const DELTA_HISTORY_SNAPSHOTS = 64;
/** Snapshots a client keeps: more than the server, so every baseline the server may pick is there. */
export const DELTA_CLIENT_HISTORY_SNAPSHOTS = 128;

/**
 * The `delta` strategy: each body encodes the world against the newest snapshot the viewer has
 * acknowledged (its `baselineTick`), as bit-packed per-entity changes (see delta-body.ts); a
 * keyframe when the viewer has acknowledged nothing or its baseline is older than the server's
 * history. Viewers on the same baseline share one encoded buffer, so the work per snapshot grows
 * with the number of distinct baselines, not of viewers.
 */
export const deltaSnapshot: SnapshotStrategy = {
  name: 'delta',
  createEncoder: () => new DeltaSnapshotEncoder(),
  createDecoder: () => new DeltaSnapshotDecoder(),
};

class DeltaSnapshotEncoder implements SnapshotEncoder {
  private readonly history = new Map<number, QuantizedWorld>();
  private current: QuantizedWorld = { tick: 0, players: [], projectiles: [] };
  private readonly bodiesByBaseline = new Map<number, Uint8Array>();

  beginSnapshot(world: WorldView): void {
    this.current = quantizeWorld(world);
    this.history.set(this.current.tick, this.current);
    if (this.history.size > DELTA_HISTORY_SNAPSHOTS) this.history.delete(this.history.keys().next().value!);
    this.bodiesByBaseline.clear();
  }

  bodyFor(viewer: SnapshotViewer): Uint8Array {
    const baseline =
      viewer.baselineTick < this.current.tick ? this.history.get(viewer.baselineTick) : undefined;
    const key = baseline?.tick ?? 0;
    let body = this.bodiesByBaseline.get(key);
    if (body === undefined) {
      body = encodeDelta(this.current, baseline);
      this.bodiesByBaseline.set(key, body);
    }
    return body;
  }

  forgetViewer(): void {}
}

/** Writes a delta body (the layout is in delta-body.ts); the writer may tally bits per field. */
export function encodeDelta(
  current: QuantizedWorld,
  baseline: QuantizedWorld | undefined,
  writer: BitWriter = new BitWriter(64 + current.players.length * 8),
): Uint8Array {
  writer.category = 'header';
  writer.writeUnsigned(baseline === undefined ? 0 : current.tick - baseline.tick);
  writeSection(writer, current.players, baseline?.players, 'player');
  writeSection(writer, current.projectiles, baseline?.projectiles, 'projectile');
  return writer.finish();
}

class DeltaSnapshotDecoder implements SnapshotDecoder {
  private readonly history = new Map<number, QuantizedWorld>();

  decode(tick: number, body: Uint8Array): Result<WorldView> {
    const reader = new BitReader(body);
    let world: QuantizedWorld;
    try {
      const baselineAge = reader.readUnsigned();
      let baseline: QuantizedWorld | undefined;
      if (baselineAge > 0) {
        baseline = this.history.get(tick - baselineAge);
        if (baseline === undefined) {
          // Only happens if this client reported a tick it no longer has: ask for a keyframe.
          return fail(
            ErrorCode.BAD_MESSAGE,
            `delta against tick ${tick - baselineAge}, which this client does not have`,
          );
        }
      }
      const players = readSection(reader, baseline?.players, 'player');
      const projectiles = readSection(reader, baseline?.projectiles, 'projectile');
      world = { tick, players, projectiles };
    } catch (error) {
      if (error instanceof BitStreamError)
        return fail(ErrorCode.BAD_MESSAGE, `bad delta snapshot: ${error.message}`);
      throw error;
    }
    this.history.set(tick, world);
    if (this.history.size > DELTA_CLIENT_HISTORY_SNAPSHOTS)
      this.history.delete(this.history.keys().next().value!);
    return ok(toWorldView(world));
  }
}

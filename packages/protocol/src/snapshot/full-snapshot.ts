import { ErrorCode, fail, ok, type Result } from '../errors';
import { dequantizeAngle, dequantizePosition, quantizeAngle, quantizePosition } from '../rules/quantize';
import { createPackr } from '../wire/packr';
import type { SnapshotDecoder, SnapshotEncoder, SnapshotStrategy } from './snapshot-strategy';
import type { PlayerView, ProjectileView, WorldView } from './world-view';

/**
 * The `full` strategy: every snapshot carries every entity, quantised (positions 1/16 unit,
 * angles 1/65536 turn). Stateless on both ends, so any lost snapshot is harmless; it is the
 * reference the delta strategies are measured against. Body: msgpack [players, projectiles],
 * each entity a record (no keys on the wire).
 */
export const fullSnapshot: SnapshotStrategy = {
  name: 'full',
  createEncoder: () => new FullSnapshotEncoder(),
  createDecoder: () => new FullSnapshotDecoder(),
};

class FullSnapshotEncoder implements SnapshotEncoder {
  private readonly packr = createPackr();
  private body: Uint8Array = new Uint8Array(0);

  beginSnapshot(world: WorldView): void {
    this.body = this.packr.pack([
      world.players.map((p) => ({
        id: p.id,
        x: quantizePosition(p.x),
        y: quantizePosition(p.y),
        a: quantizeAngle(p.angle),
        hp: p.hp,
        sc: p.score,
      })),
      world.projectiles.map((p) => ({
        pid: p.id,
        x: quantizePosition(p.x),
        y: quantizePosition(p.y),
        a: quantizeAngle(p.angle),
      })),
    ]);
  }

  bodyFor(): Uint8Array {
    return this.body;
  }

  forgetViewer(): void {}
}

interface RawPlayer {
  id: number;
  x: number;
  y: number;
  a: number;
  hp: number;
  sc: number;
}
interface RawProjectile {
  pid: number;
  x: number;
  y: number;
  a: number;
}

class FullSnapshotDecoder implements SnapshotDecoder {
  private readonly packr = createPackr();

  decode(tick: number, body: Uint8Array): Result<WorldView> {
    let raw: [RawPlayer[], RawProjectile[]];
    try {
      raw = this.packr.unpack(body) as [RawPlayer[], RawProjectile[]];
    } catch (error) {
      return fail(ErrorCode.BAD_MESSAGE, `bad full snapshot body: ${(error as Error).message}`);
    }
    if (!Array.isArray(raw) || !Array.isArray(raw[0]) || !Array.isArray(raw[1])) {
      return fail(ErrorCode.BAD_MESSAGE, 'full snapshot body must be [players, projectiles]');
    }
    const players: PlayerView[] = raw[0].map((p) => ({
      id: p.id,
      x: dequantizePosition(p.x),
      y: dequantizePosition(p.y),
      angle: dequantizeAngle(p.a),
      hp: p.hp,
      score: p.sc,
    }));
    const projectiles: ProjectileView[] = raw[1].map((p) => ({
      id: p.pid,
      x: dequantizePosition(p.x),
      y: dequantizePosition(p.y),
      angle: dequantizeAngle(p.a),
    }));
    return ok({ tick, players, projectiles });
  }
}

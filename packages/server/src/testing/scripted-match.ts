import { dequantizeAngle, dequantizeMoveAxis } from '@arena/protocol';
import { MatchRecorder } from '../replay/match-recorder';
import { compressRecording, newHeader } from '../replay/recording-format';
import { hashWorld } from '../sim/state-hash';
import { World } from '../sim/world';
import type { AppliedInput } from '../sim/world-state';

/** Plays a scripted 20-second match with joins, a leave and shooting, recording it. */
export function recordScriptedMatch(): Uint8Array {
  const header = newHeader({
    roomId: 'r',
    mode: 'arena',
    tickRateHz: 60,
    snapshotRateHz: 60,
    seed: 1234,
    maxRewindMs: 250,
    startedAt: '2026-11-25T00:00:00.000Z',
  });
  const parts: Uint8Array[] = [];
  const recorder = new MatchRecorder(header, (part) => parts.push(part));
  const world = new World({ mode: 'arena', tickRateHz: 60, seed: 1234, maxRewindMs: 250 });
  const join = (id: number, name: string) => {
    world.addPlayer(id, name);
    recorder.playerJoined(id, name);
  };
  join(1, 'ann');
  join(2, 'ben');
  for (let t = 1; t <= 1200; t++) {
    if (t === 100) join(3, 'cat');
    if (t === 700) {
      world.removePlayer(2);
      recorder.playerLeft(2);
    }
    const inputs = new Map<number, AppliedInput[]>();
    for (const id of [1, 2, 3]) {
      if (world.getPlayer(id) === undefined) continue;
      // inputs as the wire delivers them: dequantised from integers
      const mx = Math.round(127 * Math.sin(t / 40 + id));
      const my = Math.round(127 * Math.cos(t / 55 + id * 2));
      const input: AppliedInput = {
        moveX: dequantizeMoveAxis(mx),
        moveY: dequantizeMoveAxis(my),
        aim: dequantizeAngle((t * 997 * id) % 65536),
        fire: (t + id) % 9 === 0,
        ...(t % 3 === 0 ? { viewTick: Math.max(0, t - 4) } : {}),
      };
      inputs.set(id, t % 50 === 0 ? [input, input] : [input]);
    }
    world.step(inputs);
    recorder.ticked(world.tick, inputs, { stateHash: () => hashWorld(world) });
  }
  return compressRecording(parts);
}

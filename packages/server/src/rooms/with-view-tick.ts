import type { InputMessage } from '@arena/protocol';
import type { AppliedInput } from '../sim/world-state';

/**
 * The input with the tick its player saw others at when sending it (lag compensation judges its
 * shot there): the newest snapshot it reported minus the delay it reports drawing others with,
 * or `defaultDelayTicks` when it does not say. An input before any snapshot has none.
 */
export function withViewTick(input: InputMessage, defaultDelayTicks: number): AppliedInput {
  if (input.lastSnapshotTick === 0) return input;
  const delay = input.renderDelayTicks ?? defaultDelayTicks;
  // tick 1 at the earliest: recordings write 0 for "no view tick"
  return { ...input, viewTick: Math.max(1, input.lastSnapshotTick - delay) };
}

import { aoiDeltaSnapshot } from './aoi-delta-snapshot';
import { deltaSnapshot } from './delta-snapshot';
import { fullSnapshot } from './full-snapshot';
import type { SnapshotStrategy } from './snapshot-strategy';

/** Every snapshot strategy both ends understand, by the name the welcome message carries. */
export const SNAPSHOT_STRATEGIES: ReadonlyMap<string, SnapshotStrategy> = new Map(
  [fullSnapshot, deltaSnapshot, aoiDeltaSnapshot].map((strategy) => [strategy.name, strategy]),
);

export const DEFAULT_SNAPSHOT_STRATEGY = deltaSnapshot.name;

/** The strategy with that name, or undefined for one this build does not know. */
export function findSnapshotStrategy(name: string): SnapshotStrategy | undefined {
  return SNAPSHOT_STRATEGIES.get(name);
}

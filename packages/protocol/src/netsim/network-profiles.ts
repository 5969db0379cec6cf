/**
 * Network conditions to simulate on one connection, per direction. Latency is one-way, so a
 * profile adds about twice its latency to the round trip.
 */
export interface NetworkConditions {
  /** Added one-way delay, ms. */
  readonly latencyMs: number;
  /** Each message's delay varies uniformly within ±jitterMs around the latency (never below 0). */
  readonly jitterMs: number;
  /** Chance a message is lost, percent (0..100): droppable messages vanish, reliable ones are retransmitted late. */
  readonly lossPct: number;
  /** Bandwidth cap, kbit/s; 0 = unlimited. Messages queue behind each other at this rate. */
  readonly bandwidthKbps: number;
}

export type NetworkProfileName = 'lan' | 'wifi' | '4g' | 'bad-wifi';

/** Named profiles, roughly what players see on those links (one-way figures). */
export const NETWORK_PROFILES: Readonly<Record<NetworkProfileName, NetworkConditions>> = Object.freeze({
  lan: { latencyMs: 0, jitterMs: 0, lossPct: 0, bandwidthKbps: 0 },
  wifi: { latencyMs: 10, jitterMs: 5, lossPct: 0.5, bandwidthKbps: 20_000 },
  '4g': { latencyMs: 40, jitterMs: 15, lossPct: 1, bandwidthKbps: 8_000 },
  'bad-wifi': { latencyMs: 75, jitterMs: 40, lossPct: 5, bandwidthKbps: 1_000 },
});

export const NETWORK_PROFILE_NAMES = Object.keys(NETWORK_PROFILES) as NetworkProfileName[];

/** True when the conditions change nothing (the shaper can be skipped entirely). */
export function isPerfectNetwork(conditions: NetworkConditions): boolean {
  return (
    conditions.latencyMs === 0 &&
    conditions.jitterMs === 0 &&
    conditions.lossPct === 0 &&
    conditions.bandwidthKbps === 0
  );
}

/** Checks custom conditions; returns a reason when they are out of range. */
export function checkNetworkConditions(conditions: NetworkConditions): string | undefined {
  const { latencyMs, jitterMs, lossPct, bandwidthKbps } = conditions;
  const inRange = (value: number, max: number) => Number.isFinite(value) && value >= 0 && value <= max;
  if (!inRange(latencyMs, 2000)) return 'latencyMs must be 0..2000';
  if (!inRange(jitterMs, 1000)) return 'jitterMs must be 0..1000';
  if (!inRange(lossPct, 50)) return 'lossPct must be 0..50';
  if (!inRange(bandwidthKbps, 10_000_000)) return 'bandwidthKbps must be 0..10000000';
  return undefined;
}

/** The name of the profile these conditions are exactly, if any. */
export function profileNameOf(conditions: NetworkConditions): NetworkProfileName | undefined {
  return NETWORK_PROFILE_NAMES.find((name) => {
    const profile = NETWORK_PROFILES[name];
    return (
      profile.latencyMs === conditions.latencyMs &&
      profile.jitterMs === conditions.jitterMs &&
      profile.lossPct === conditions.lossPct &&
      profile.bandwidthKbps === conditions.bandwidthKbps
    );
  });
}

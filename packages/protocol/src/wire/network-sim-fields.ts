import {
  checkNetworkConditions,
  NETWORK_PROFILE_NAMES,
  NETWORK_PROFILES,
  type NetworkConditions,
  type NetworkProfileName,
  profileNameOf,
} from '../netsim/network-profiles';

/**
 * The `netsim` record's fields: `profile` is a profile name, "custom" (use the numbers) or
 * "off"; `lat`/`jit` ms, `loss` in hundredths of a percent, `bw` kbit/s, all integers.
 */
export interface NetworkSimFields {
  readonly profile: string;
  readonly lat: number;
  readonly jit: number;
  readonly loss: number;
  readonly bw: number;
}

export function networkSimFields(conditions: NetworkConditions | undefined): NetworkSimFields {
  if (conditions === undefined) return { profile: 'off', lat: 0, jit: 0, loss: 0, bw: 0 };
  return {
    profile: profileNameOf(conditions) ?? 'custom',
    lat: Math.round(conditions.latencyMs),
    jit: Math.round(conditions.jitterMs),
    loss: Math.round(conditions.lossPct * 100),
    bw: Math.round(conditions.bandwidthKbps),
  };
}

/** The conditions a `netsim` record asks for, null for "off", or why it is invalid. */
export function readNetworkSimFields(
  raw: Readonly<Record<string, unknown>>,
): NetworkConditions | null | string {
  const { profile, lat, jit, loss, bw } = raw;
  if (profile === 'off') return null;
  if (typeof profile === 'string' && (NETWORK_PROFILE_NAMES as string[]).includes(profile)) {
    return NETWORK_PROFILES[profile as NetworkProfileName];
  }
  if (profile !== 'custom')
    return `profile must be "off", "custom" or one of ${NETWORK_PROFILE_NAMES.join(', ')}`;
  if (![lat, jit, loss, bw].every((value) => typeof value === 'number' && Number.isInteger(value))) {
    return 'lat, jit, loss and bw must be integers';
  }
  const conditions = {
    latencyMs: lat as number,
    jitterMs: jit as number,
    lossPct: (loss as number) / 100,
    bandwidthKbps: bw as number,
  };
  return checkNetworkConditions(conditions) ?? conditions;
}

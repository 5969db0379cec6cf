import {
  checkNetworkConditions,
  NETWORK_PROFILE_NAMES,
  NETWORK_PROFILES,
  type NetworkConditions,
  type NetworkProfileName,
  profileNameOf,
} from '@arena/protocol';

/** A simulated network as named on a command line: a profile, or custom values. */
export interface NetworkSpec {
  /** The profile name, or a label for custom values ("75ms-5j-2%-0kbps"). */
  readonly label: string;
  readonly conditions: NetworkConditions;
}

export const NETWORK_SPEC_HELP =
  'a profile (lan, wifi, 4g, bad-wifi) or custom one-way values LATENCY:JITTER:LOSS:KBPS, e.g. 75:0:2:0 ' +
  '(75 ms each way = 150 ms round trip, no jitter, 2 % loss, no bandwidth cap)';

/** A short label for custom conditions: 75ms-0j-2%-0kbps. */
export function networkLabel(conditions: NetworkConditions): string {
  return (
    profileNameOf(conditions) ??
    `${conditions.latencyMs}ms-${conditions.jitterMs}j-${conditions.lossPct}%-${conditions.bandwidthKbps}kbps`
  );
}

/**
 * Reads one network spec: a profile name, or `LATENCY:JITTER:LOSS:KBPS` (one-way ms, ms,
 * percent, kbit/s; 0 kbit/s = no cap), optionally prefixed by a label (`rtt150=75:0:2:0`).
 * Throws with the reason for anything else.
 */
export function parseNetworkSpec(text: string): NetworkSpec {
  const raw = text.trim();
  const equals = raw.indexOf('=');
  const label = equals > 0 ? raw.slice(0, equals) : undefined;
  const body = equals > 0 ? raw.slice(equals + 1) : raw;
  if (label !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._%+-]{0,39}$/.test(label)) {
    throw new Error(`network label "${label}" must be letters, digits and . _ % + - (at most 40)`);
  }
  if ((NETWORK_PROFILE_NAMES as readonly string[]).includes(body)) {
    return { label: label ?? body, conditions: NETWORK_PROFILES[body as NetworkProfileName] };
  }
  const parts = body.split(':');
  if (parts.length !== 4 || parts.some((part) => part.trim() === '' || !Number.isFinite(Number(part)))) {
    throw new Error(`network "${text}" is not ${NETWORK_SPEC_HELP}`);
  }
  const [latencyMs, jitterMs, lossPct, bandwidthKbps] = parts.map(Number) as [number, number, number, number];
  const conditions = { latencyMs, jitterMs, lossPct, bandwidthKbps };
  const problem = checkNetworkConditions(conditions);
  if (problem !== undefined) throw new Error(`network "${text}": ${problem}`);
  return { label: label ?? networkLabel(conditions), conditions };
}

/** A comma-separated list of specs (`lan,4g,rtt150=75:0:2:0`). */
export function parseNetworkSpecs(text: string): NetworkSpec[] {
  const specs = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseNetworkSpec);
  if (specs.length === 0) throw new Error(`no network in "${text}"`);
  return specs;
}

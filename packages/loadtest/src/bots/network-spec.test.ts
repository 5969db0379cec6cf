import { NETWORK_PROFILES } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { parseNetworkSpec, parseNetworkSpecs } from './network-spec';

describe('parseNetworkSpec', () => {
  test('a profile name gives that profile, labelled by its name', () => {
    expect(parseNetworkSpec('4g')).toEqual({ label: '4g', conditions: NETWORK_PROFILES['4g'] });
  });

  test('custom one-way values LATENCY:JITTER:LOSS:KBPS, labelled by their values or by a given name', () => {
    const conditions = { latencyMs: 75, jitterMs: 0, lossPct: 2, bandwidthKbps: 0 };
    expect(parseNetworkSpec('75:0:2:0')).toEqual({ label: '75ms-0j-2%-0kbps', conditions });
    expect(parseNetworkSpec('rtt150-loss2=75:0:2:0')).toEqual({ label: 'rtt150-loss2', conditions });
    expect(parseNetworkSpec('slow=bad-wifi')).toEqual({
      label: 'slow',
      conditions: NETWORK_PROFILES['bad-wifi'],
    });
  });

  test('custom values equal to a profile are labelled with the profile name', () => {
    expect(parseNetworkSpec('0:0:0:0').label).toBe('lan');
  });

  test('unknown names, malformed or out-of-range values are refused with the reason', () => {
    expect(() => parseNetworkSpec('5g')).toThrow(/is not a profile/);
    expect(() => parseNetworkSpec('75:0:2')).toThrow(/is not a profile/);
    expect(() => parseNetworkSpec('75:0:x:0')).toThrow(/is not a profile/);
    expect(() => parseNetworkSpec('75:0:60:0')).toThrow(/lossPct must be 0..50/);
    expect(() => parseNetworkSpec('a b=lan')).toThrow(/label/);
  });

  test('a list is comma-separated', () => {
    expect(parseNetworkSpecs('lan, 4g,x=10:1:0:0').map((spec) => spec.label)).toEqual(['lan', '4g', 'x']);
    expect(() => parseNetworkSpecs(' , ')).toThrow(/no network/);
  });
});

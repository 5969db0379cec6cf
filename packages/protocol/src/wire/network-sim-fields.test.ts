import { expect, test } from 'vitest';
import { ErrorCode } from '../errors';
import { NETWORK_PROFILES } from '../netsim/network-profiles';
import { decodeClientMessage, encodeClientMessage } from './codec';
import { createPackr } from './packr';

test.each([
  ['a named profile', NETWORK_PROFILES['4g']],
  ['custom conditions', { latencyMs: 75, jitterMs: 3, lossPct: 2.5, bandwidthKbps: 512 }],
  ['off', undefined],
])('netsim round-trips %s', (_label, conditions) => {
  const decoded = decodeClientMessage(encodeClientMessage({ type: 'netsim', conditions }));
  expect(decoded).toEqual({ ok: true, value: { type: 'netsim', conditions } });
});

test('netsim refuses unknown profiles and out-of-range or fractional values', () => {
  const packr = createPackr();
  const raw = (fields: Record<string, unknown>) =>
    packr.pack({ profile: 'custom', lat: 0, jit: 0, loss: 0, bw: 0, ...fields });
  for (const bad of [{ profile: 'dial-up' }, { lat: 5000 }, { loss: 9000 }, { jit: 1.5 }, { bw: -1 }]) {
    const decoded = decodeClientMessage(raw(bad));
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.error.code).toBe(ErrorCode.BAD_MESSAGE);
  }
});

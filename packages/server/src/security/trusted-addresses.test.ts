import { expect, test } from 'vitest';
import { normaliseAddress, parseTrustedAddresses } from './trusted-addresses';

test('parses comma-separated IPv4 and IPv6 addresses, keyed as the limits key clients', () => {
  expect(parseTrustedAddresses('')).toEqual(new Set());
  expect(parseTrustedAddresses(' 127.0.0.1, ::1 ,10.1.2.3')).toEqual(
    new Set(['127.0.0.1', '::1', '10.1.2.3']),
  );
  expect(parseTrustedAddresses('::ffff:192.168.0.7')).toEqual(new Set(['192.168.0.7']));
  expect(normaliseAddress('::ffff:127.0.0.1')).toBe('127.0.0.1');
});

test('anything but IP addresses is refused (no names, ranges or wildcards)', () => {
  for (const bad of ['localhost', '10.0.0.0/8', '*', '127.0.0.1,evil', '999.1.1.1']) {
    expect(parseTrustedAddresses(bad)).toBeUndefined();
  }
});

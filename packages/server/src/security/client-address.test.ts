import type { IncomingMessage } from 'node:http';
import { describe, expect, test } from 'vitest';
import { ClientAddresses } from './client-address';

function requestFrom(peer: string, forwardedFor?: string): IncomingMessage {
  const headers = forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor };
  return { socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers } as never;
}

describe('ClientAddresses', () => {
  test('with no trusted proxy, a request is its TCP peer whatever its headers say', () => {
    const addresses = new ClientAddresses('');
    expect(addresses.of(requestFrom('203.0.113.9', '10.0.0.1'))).toBe('203.0.113.9');
    expect(addresses.of(requestFrom('::ffff:203.0.113.9'))).toBe('203.0.113.9');
    expect(addresses.isProxy('127.0.0.1')).toBe(false);
    expect(addresses.fastifyTrustProxy).toBe(false);
  });

  test('behind trusted proxies, the nearest forwarded address that is not a proxy, read from the right', () => {
    const addresses = new ClientAddresses('10.0.0.0/8, 127.0.0.1');
    expect(addresses.of(requestFrom('127.0.0.1', '198.51.100.7'))).toBe('198.51.100.7');
    // a client's own entries come first; the proxies append theirs
    expect(addresses.of(requestFrom('127.0.0.1', '6.6.6.6, 198.51.100.7, 10.1.2.3'))).toBe('198.51.100.7');
    expect(addresses.of(requestFrom('::ffff:10.9.9.9', '::ffff:198.51.100.8'))).toBe('198.51.100.8');
    // every hop a proxy: the farthest one is the client
    expect(addresses.of(requestFrom('127.0.0.1', '10.0.0.5'))).toBe('10.0.0.5');
    // a proxy that sent no header: the proxy itself
    expect(addresses.of(requestFrom('127.0.0.1'))).toBe('127.0.0.1');
  });

  test('a peer that is not a trusted proxy is taken as the client; its header is not read', () => {
    const addresses = new ClientAddresses('127.0.0.1');
    expect(addresses.of(requestFrom('127.0.0.2', '10.0.0.1'))).toBe('127.0.0.2');
    expect(addresses.isProxy('127.0.0.1')).toBe(true);
    expect(addresses.isProxy('127.0.0.2')).toBe(false);
  });

  test('names of ranges are understood: loopback, linklocal, uniquelocal', () => {
    const addresses = new ClientAddresses('loopback');
    expect(addresses.isProxy('127.0.0.3')).toBe(true);
    expect(addresses.isProxy('::1')).toBe(true);
    expect(addresses.of(requestFrom('::1', '2001:db8::1'))).toBe('2001:db8::1');
  });
});

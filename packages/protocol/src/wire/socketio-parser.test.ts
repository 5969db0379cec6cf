import fc from 'fast-check';
import { Packr } from 'msgpackr';
import { describe, expect, test } from 'vitest';
import { encodeClientMessage } from './codec';
import { checkMsgpackBounds } from './msgpack-bounds';
import { Decoder, Encoder, type SocketPacket } from './socketio-parser';

function roundTrip(packet: SocketPacket): SocketPacket {
  const frames = new Encoder().encode(packet);
  expect(frames).toHaveLength(1);
  const decoded: SocketPacket[] = [];
  const decoder = new Decoder();
  decoder.on('decoded', (p) => decoded.push(p));
  decoder.add(frames[0]);
  return decoded[0]!;
}

const plain = new Packr({ useRecords: false });

describe('arena socket.io parser', () => {
  test('an Arena message travels as its own bytes: one frame, zero overhead', () => {
    const bytes = encodeClientMessage({ type: 'ping', clientTimeMs: 5 });
    const frames = new Encoder().encode({ type: 2, nsp: '/', data: ['m', bytes] });
    expect(frames).toEqual([bytes]);
    expect(frames[0]).toBe(bytes);
    expect(roundTrip({ type: 2, nsp: '/', data: ['m', bytes] })).toEqual({
      type: 2,
      nsp: '/',
      data: ['m', bytes],
    });
  });

  test.each<SocketPacket>([
    { type: 0, nsp: '/' },
    { type: 0, nsp: '/', data: { sid: 'abc', token: 'x' } },
    { type: 1, nsp: '/' },
    { type: 2, nsp: '/', data: ['hello', 1, 'two', { three: [3] }] },
    { type: 2, nsp: '/', data: ['with-ack', 1], id: 7 },
    { type: 3, nsp: '/', data: ['ok'], id: 7 },
    { type: 4, nsp: '/', data: { message: 'nope' } },
    { type: 2, nsp: '/admin', data: ['m', new Uint8Array([1, 2])] },
  ])('round-trips %j', (packet) => {
    const decoded = roundTrip(packet);
    expect({ ...decoded, data: normalise(decoded.data) }).toEqual({
      ...packet,
      data: normalise(packet.data),
    });
  });

  test('binary event types are sent as plain events (no attachments exist)', () => {
    expect(roundTrip({ type: 5, nsp: '/', data: ['x', new Uint8Array([9])] }).type).toBe(2);
  });

  test.each([
    ['text frames', '2["m",1]'],
    ['an empty frame', new Uint8Array(0)],
    ['a 4 G array header', new Uint8Array([0xdd, 0xff, 0xff, 0xff, 0xff])],
    ['nesting beyond 8 levels', new Uint8Array([...new Array(12).fill(0x91), 0x01])],
    ['an extension type', new Uint8Array([0x93, 0x02, 0xa1, 0x2f, 0xd4, 0x01, 0x00])],
    ['an unknown packet type', plain.pack([9, '/', ['x']])],
    ['an event without a name', plain.pack([2, '/', []])],
    ['a namespace without a slash', plain.pack([2, 'admin', ['x']])],
    ['a negative ack id', plain.pack([2, '/', ['x'], -1])],
    ['a disconnect with data', plain.pack([1, '/', { a: 1 }])],
    ['trailing bytes', new Uint8Array([...plain.pack([1, '/']), 0x00])],
  ])('refuses %s by throwing (socket.io then drops the connection)', (_label, frame) => {
    expect(() => new Decoder().add(frame)).toThrow();
  });

  test('random bytes and random packet-like arrays either decode to a valid packet or throw an Error', () => {
    const packetLike = fc
      .tuple(
        fc.integer({ min: -1, max: 7 }),
        fc.oneof(fc.constantFrom('/', '/admin', 'admin', ''), fc.string({ maxLength: 80 })),
        fc.oneof(
          fc.constant(null),
          fc.string(),
          fc.integer(),
          fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), { maxLength: 4 }),
          fc.dictionary(fc.string({ maxLength: 8 }), fc.integer(), { maxKeys: 3 }),
        ),
        fc.option(fc.oneof(fc.integer({ min: -3, max: 100 }), fc.double()), { nil: undefined }),
        fc.integer({ min: 2, max: 4 }),
      )
      .map(([type, nsp, data, id, length]) => plain.pack([type, nsp, data, id ?? 0].slice(0, length)));
    const outcomes = { decoded: 0, refused: 0 };
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), packetLike), (bytes) => {
        const decoded: SocketPacket[] = [];
        const decoder = new Decoder();
        decoder.on('decoded', (packet) => decoded.push(packet));
        try {
          decoder.add(bytes);
        } catch (error) {
          outcomes.refused++;
          return error instanceof Error && decoded.length === 0;
        }
        outcomes.decoded++;
        return decoded.length === 1 && isValidPacket(decoded[0]!);
      }),
      { numRuns: 5000 },
    );
    // both ways were taken: the property was not true of nothing
    expect(outcomes.decoded).toBeGreaterThan(100);
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  test('__proto__ keys in a connect payload do not change any prototype', () => {
    const frame = new Uint8Array([
      0x93,
      0x00,
      0xa1,
      0x2f,
      0x81,
      0xa9,
      ...new TextEncoder().encode('__proto__'),
      0x81,
      0xa1,
      0x71,
      0x01,
    ]);
    const decoded: SocketPacket[] = [];
    const decoder = new Decoder();
    decoder.on('decoded', (p) => decoded.push(p));
    decoder.add(frame);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.type).toBe(0);
    expect(({} as Record<string, unknown>).q).toBeUndefined();
    expect(Object.getPrototypeOf(decoded[0]!.data)).toBe(Object.prototype);
  });

  test('listeners can be removed; destroy() drops them all', () => {
    const decoder = new Decoder();
    const seen: SocketPacket[] = [];
    const listener = (p: SocketPacket) => seen.push(p);
    decoder.on('decoded', listener);
    decoder.removeListener('decoded', listener);
    decoder.add(plain.pack([1, '/']));
    decoder.on('decoded', listener);
    decoder.destroy();
    decoder.add(plain.pack([1, '/']));
    expect(seen).toHaveLength(0);
  });
});

describe('checkMsgpackBounds', () => {
  test('accepts well-formed values', () => {
    for (const value of [
      1,
      'x',
      [1, [2, [3]]],
      { a: { b: [1, 'c'] } },
      new Uint8Array(300),
      'y'.repeat(70_000),
    ]) {
      expect(checkMsgpackBounds(plain.pack(value), 8)).toBeUndefined();
    }
  });

  test('refuses containers that claim more items than bytes remain', () => {
    expect(checkMsgpackBounds(new Uint8Array([0xdc, 0x00, 0x05, 0x01]), 8)).toMatch(/claims 5 items/);
    expect(checkMsgpackBounds(new Uint8Array([0xdf, 0x7f, 0xff, 0xff, 0xff]), 8)).toMatch(/claims/);
  });

  test('refuses truncated strings and binaries', () => {
    expect(checkMsgpackBounds(new Uint8Array([0xdb, 0xff, 0xff, 0xff, 0xff, 0x41]), 8)).toBe('truncated');
    expect(checkMsgpackBounds(new Uint8Array([0xc6, 0x00, 0x00, 0x10, 0x00]), 8)).toBe('truncated');
  });
});

/**
 * The shape Socket.IO requires of each packet type (socket.io-parser's isPacketValid), written
 * from the protocol rather than from the decoder, as the oracle of the property test.
 */
function isValidPacket(packet: SocketPacket): boolean {
  const { type, nsp, data, id } = packet;
  if (!Number.isInteger(type) || typeof nsp !== 'string' || !nsp.startsWith('/')) return false;
  if (id !== undefined && !(Number.isInteger(id) && id >= 0)) return false;
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data);
  const isNothing = data === undefined || data === null;
  switch (type) {
    case 0:
      return isNothing || isObject;
    case 1:
      return isNothing;
    case 2:
      return Array.isArray(data) && typeof data[0] === 'string';
    case 3:
      return Array.isArray(data);
    case 4:
      return typeof data === 'string' || isObject;
    default:
      return false;
  }
}

function normalise(value: unknown): unknown {
  if (value instanceof Uint8Array) return [...value];
  if (Array.isArray(value)) return value.map(normalise);
  return value;
}

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ErrorCode } from '../errors';
import { dequantizeAngle, quantizeAngle } from '../rules/quantize';
import { PROTOCOL_VERSION } from '../version';
import {
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  MAX_CLIENT_MESSAGE_BYTES,
} from './codec';
import type { ClientMessage, ServerMessage } from './messages';
import { createPackr } from './packr';
import { RECORD, RECORD_BYTE_BASE } from './structures';

const packr = createPackr();

/** Every client message type (random bytes may legitimately form any of them, e.g. a lone `leave` byte). */
const CLIENT_MESSAGE_TYPES: readonly ClientMessage['type'][] = [
  'join',
  'input',
  'inputs',
  'leave',
  'ping',
  'chat',
  'lobby',
  'rejoin',
  'netsim',
  'ack',
  'rtcSignal',
];

function decodeOk(bytes: unknown): ClientMessage {
  const result = decodeClientMessage(bytes);
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function decodeFault(bytes: unknown) {
  const result = decodeClientMessage(bytes);
  if (result.ok) throw new Error(`expected a fault, got ${JSON.stringify(result.value)}`);
  return result.error;
}

/** A raw input record with arbitrary field values, as a hostile client could write it. */
function rawInput(fields: Record<string, unknown>): Uint8Array {
  return packr.pack({ seq: 1, mx: 0, my: 0, aim: 0, fire: false, ct: 0, sn: 0, ...fields });
}

describe('client messages round-trip', () => {
  test('join', () => {
    const join = {
      type: 'join',
      protocolVersion: PROTOCOL_VERSION,
      name: 'Zoë  the  Brave',
      roomId: 'any',
    } as const;
    expect(decodeOk(encodeClientMessage(join))).toEqual({ ...join, name: 'Zoë the Brave' });
  });

  test('input: axes and aim come back quantised, everything else exact', () => {
    const input = {
      type: 'input',
      seq: 4_000_000_000,
      moveX: -1,
      moveY: 0.5,
      aim: 1.2345,
      fire: true,
      clientTimeMs: 123456,
      lastSnapshotTick: 77,
    } as const;
    const decoded = decodeOk(encodeClientMessage(input));
    expect(decoded).toMatchObject({
      type: 'input',
      seq: input.seq,
      moveX: -1,
      fire: true,
      clientTimeMs: 123456,
      lastSnapshotTick: 77,
    });
    if (decoded.type !== 'input') throw new Error('not an input');
    expect(decoded.moveY).toBeCloseTo(0.5, 2);
    expect(decoded.aim).toBeCloseTo(1.2345, 3);
  });

  test('leave and ping', () => {
    expect(decodeOk(encodeClientMessage({ type: 'leave' }))).toEqual({ type: 'leave' });
    expect(decodeOk(encodeClientMessage({ type: 'ping', clientTimeMs: 987 }))).toEqual({
      type: 'ping',
      clientTimeMs: 987,
    });
  });

  test('any valid input survives encode/decode within quantisation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 0xffff_ffff }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.double({ min: -Math.PI, max: Math.PI, noNaN: true, maxExcluded: true }),
        fc.boolean(),
        (seq, moveX, moveY, aim, fire) => {
          const decoded = decodeOk(
            encodeClientMessage({
              type: 'input',
              seq,
              moveX,
              moveY,
              aim,
              fire,
              clientTimeMs: 0,
              lastSnapshotTick: 0,
            }),
          );
          if (decoded.type !== 'input') return false;
          const angleError = Math.abs(Math.atan2(Math.sin(decoded.aim - aim), Math.cos(decoded.aim - aim)));
          return (
            decoded.seq === seq &&
            Math.abs(decoded.moveX - moveX) <= 0.5 / 127 + 1e-9 &&
            Math.abs(decoded.moveY - moveY) <= 0.5 / 127 + 1e-9 &&
            angleError <= Math.PI / 65536 + 1e-9 &&
            decoded.fire === fire
          );
        },
      ),
    );
  });

  test('an input message is small: 22 bytes at most', () => {
    const bytes = encodeClientMessage({
      type: 'input',
      seq: 70000,
      moveX: 1,
      moveY: -1,
      aim: 3,
      fire: true,
      clientTimeMs: 4e9,
      lastSnapshotTick: 0,
    });
    expect(bytes.length).toBeLessThanOrEqual(22);
  });

  test('ack: the newest snapshot tick on its own, in a few bytes; anything but a uint32 is refused', () => {
    const ack = { type: 'ack', lastSnapshotTick: 4_000_000_000 } as const;
    const bytes = encodeClientMessage(ack);
    expect(decodeOk(bytes)).toEqual(ack);
    expect(bytes.length).toBeLessThanOrEqual(6);
    expect(decodeOk(encodeClientMessage({ type: 'ack', lastSnapshotTick: 0 }))).toEqual({
      type: 'ack',
      lastSnapshotTick: 0,
    });
    for (const sn of [-1, 1.5, 2 ** 32, 'x', true]) {
      expect(decodeFault(packr.pack({ sn })).code).toBe(ErrorCode.BAD_MESSAGE);
    }
  });
});

describe('server messages round-trip', () => {
  const messages: ServerMessage[] = [
    {
      type: 'welcome',
      protocolVersion: PROTOCOL_VERSION,
      playerId: 7,
      roomId: 'abc',
      tickRateHz: 60,
      snapshotRateHz: 30,
      strategy: 'full',
      mode: 'arena',
      arenaWidth: 2000,
      arenaHeight: 2000,
      walls: [{ x: 1, y: 2, width: 3, height: 4 }],
      serverTimeMs: 1_764_000_000_000,
      tick: 99,
      players: [
        { id: 1, name: 'a' },
        { id: 7, name: 'b' },
      ],
      seatToken: 'abc.7.AbCdEfGhIjKlMnOpQrSt_-',
    },
    { type: 'snapshot', tick: 5, ackSeq: 3, body: new Uint8Array([1, 2, 3]) },
    {
      type: 'events',
      tick: 12,
      events: [
        { kind: 'join', playerId: 1, name: 'x' },
        { kind: 'leave', playerId: 2 },
        { kind: 'kill', killerId: 1, victimId: 3 },
        { kind: 'hit', shooterId: 3, victimId: 1 },
        { kind: 'respawn', playerId: 3, x: 100, y: 200 },
      ],
    },
    { type: 'error', code: ErrorCode.ROOM_FULL, message: 'full' },
    { type: 'pong', clientTimeMs: 5, serverTimeMs: 6 },
    { type: 'redirect', roomId: 'duel-7', url: 'http://10.0.0.7:3001' },
    {
      type: 'roomList',
      rooms: [
        {
          id: 'a',
          mode: 'arena',
          players: 2,
          maxPlayers: 16,
          tickRateHz: 60,
          snapshotRateHz: 60,
          strategy: 'delta',
        },
      ],
      total: 120,
    },
  ];
  for (const message of messages) {
    test(message.type, () => {
      const decoded = decodeServerMessage(encodeServerMessage(message));
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      expect({
        ...decoded.value,
        ...('body' in decoded.value ? { body: [...decoded.value.body] } : {}),
      }).toEqual({
        ...message,
        ...('body' in message ? { body: [...message.body] } : {}),
      });
    });
  }

  test('an unknown error code from a newer server decodes as INTERNAL, keeping the text', () => {
    const bytes = packr.pack({ code: 'ARENA_ERR_FROM_THE_FUTURE', msg: 'hi' });
    expect(decodeServerMessage(bytes)).toEqual({
      ok: true,
      value: { type: 'error', code: ErrorCode.INTERNAL, message: 'hi' },
    });
  });

  test('garbage from a server is a fault, not a throw', () => {
    expect(decodeServerMessage(new Uint8Array([0xc1])).ok).toBe(false);
    expect(decodeServerMessage('text').ok).toBe(false);
  });
});

describe('untrusted client bytes are refused with the right code', () => {
  test('non-binary payloads', () => {
    for (const value of ['hello', 42, null, undefined, { seq: 1 }, [1, 2]]) {
      expect(decodeFault(value).code).toBe(ErrorCode.BAD_MESSAGE);
    }
  });

  test('empty, truncated and trailing bytes', () => {
    const good = encodeClientMessage({
      type: 'input',
      seq: 1,
      moveX: 0,
      moveY: 0,
      aim: 0,
      fire: false,
      clientTimeMs: 1,
      lastSnapshotTick: 0,
    });
    expect(decodeFault(new Uint8Array(0)).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(good.subarray(0, good.length - 1)).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(new Uint8Array([...good, 0])).code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('an oversized payload is refused before decoding', () => {
    expect(decodeFault(new Uint8Array(MAX_CLIENT_MESSAGE_BYTES + 1)).code).toBe(ErrorCode.PAYLOAD_TOO_LARGE);
  });

  test('a record that claims a 4 GB array is refused without allocating it', () => {
    // input record whose first field is an array32 header of 2^32-1 elements
    const bytes = new Uint8Array([RECORD_BYTE_BASE + RECORD.input, 0xdd, 0xff, 0xff, 0xff, 0xff]);
    expect(decodeFault(bytes)).toMatchObject({ code: ErrorCode.BAD_MESSAGE });
  });

  test('deeply nested arrays are refused by shape, before msgpackr', () => {
    const nested = new Uint8Array(200).fill(0x91); // 200 x fixarray(1)
    expect(decodeFault(new Uint8Array([RECORD_BYTE_BASE + RECORD.ping, ...nested, 0x00])).code).toBe(
      ErrorCode.BAD_MESSAGE,
    );
  });

  test('maps, extension types, binary, nested records and record definitions are refused', () => {
    const prefix = RECORD_BYTE_BASE + RECORD.ping;
    for (const field of [
      [0x80],
      [0xd4, 0x72, 0x00],
      [0xc4, 0x01, 0x00],
      [RECORD_BYTE_BASE + RECORD.leave],
      [0xcf, 0, 0, 0, 0, 0, 0, 0, 1],
    ]) {
      expect(decodeFault(new Uint8Array([prefix, ...field])).code).toBe(ErrorCode.BAD_MESSAGE);
    }
    expect(decodeFault(packr.pack({ unknown: 1 })).code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('server-only record types are refused from a client', () => {
    expect(decodeFault(encodeServerMessage({ type: 'pong', clientTimeMs: 1, serverTimeMs: 2 })).code).toBe(
      ErrorCode.BAD_MESSAGE,
    );
    expect(
      decodeFault(encodeServerMessage({ type: 'redirect', roomId: 'r', url: 'http://127.0.0.1:1' })).code,
    ).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('wrong field types', () => {
    expect(decodeFault(rawInput({ mx: 'left' })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ seq: '1' })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ fire: 1 })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ aim: null })).code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('NaN, Infinity and fractions never pass as numbers', () => {
    for (const value of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0.5, -0.0001]) {
      expect(decodeFault(rawInput({ mx: value })).code).toBe(ErrorCode.BAD_MESSAGE);
      expect(decodeFault(rawInput({ aim: value })).code).toBe(ErrorCode.BAD_MESSAGE);
      expect(decodeFault(rawInput({ seq: value })).code).toBe(ErrorCode.BAD_MESSAGE);
    }
  });

  test('out-of-range values', () => {
    expect(decodeFault(rawInput({ mx: 128 })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ my: -128 })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ aim: 65536 })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ seq: 0 })).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rawInput({ seq: -5 })).code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('names: oversized, empty, control characters', () => {
    const join = (name: unknown, room: unknown = 'any', v: unknown = PROTOCOL_VERSION) =>
      packr.pack({ v, name, room });
    expect(decodeFault(join('x'.repeat(17))).code).toBe(ErrorCode.BAD_NAME);
    expect(decodeFault(join('   ')).code).toBe(ErrorCode.BAD_NAME);
    expect(decodeFault(join('bad\u0000name')).code).toBe(ErrorCode.BAD_NAME);
    expect(decodeFault(join('rtl\u202Etrick')).code).toBe(ErrorCode.BAD_NAME);
    expect(decodeFault(join(5)).code).toBe(ErrorCode.BAD_NAME);
    expect(decodeFault(join('x'.repeat(100))).code).toBe(ErrorCode.BAD_MESSAGE); // longer than any name: refused by shape
    expect(decodeFault(join('ok', '../etc')).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(join('ok', 'A'.repeat(40))).code).toBe(ErrorCode.BAD_MESSAGE);
  });

  test('another protocol version gets VERSION_MISMATCH', () => {
    const bytes = packr.pack({ v: PROTOCOL_VERSION + 1, name: 'x', room: 'any' });
    const fault = decodeFault(bytes);
    expect(fault.code).toBe(ErrorCode.VERSION_MISMATCH);
    expect(fault.message).toContain(String(PROTOCOL_VERSION));
  });

  test('random or corrupted bytes never throw, fault with a catalogued code, or pass as a valid message', () => {
    const valid: ClientMessage[] = [
      { type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'zoe', roomId: 'any' },
      {
        type: 'input',
        seq: 9,
        moveX: 1,
        moveY: -0.5,
        aim: 2,
        fire: true,
        clientTimeMs: 77,
        lastSnapshotTick: 3,
      },
      { type: 'ping', clientTimeMs: 5 },
      { type: 'chat', text: 'hello there' },
      { type: 'leave' },
    ];
    // valid messages with bytes flipped reach the field checks that random bytes rarely get past
    const corrupted = fc
      .record({
        message: fc.constantFrom(...valid),
        flips: fc.array(fc.record({ at: fc.nat(), xor: fc.integer({ min: 1, max: 255 }) }), { maxLength: 3 }),
      })
      .map(({ message, flips }) => {
        const bytes = Uint8Array.from(encodeClientMessage(message));
        for (const { at, xor } of flips) bytes[at % bytes.length] = bytes[at % bytes.length]! ^ xor;
        return bytes;
      });
    const codes: readonly string[] = Object.values(ErrorCode);
    const outcomes = { faults: 0, messages: 0 };
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), corrupted), (bytes) => {
        const result = decodeClientMessage(bytes);
        if (!result.ok) {
          outcomes.faults++;
          return codes.includes(result.error.code);
        }
        outcomes.messages++;
        // a valid message is one the encoder writes: it survives its own round trip unchanged
        expect(CLIENT_MESSAGE_TYPES).toContain(result.value.type);
        expect(decodeOk(encodeClientMessage(result.value))).toEqual(result.value);
        return true;
      }),
      { numRuns: 5000 },
    );
    // both ways were taken: the property was not true of nothing
    expect(outcomes.faults).toBeGreaterThan(100);
    expect(outcomes.messages).toBeGreaterThan(100);
  });

  test('decoding does not touch Object.prototype', () => {
    decodeClientMessage(packr.pack({ __proto__: { polluted: true } }));
    decodeClientMessage(
      new Uint8Array([0x81, 0xa9, ...new TextEncoder().encode('__proto__'), 0x81, 0xa1, 0x70, 0x01]),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).p).toBeUndefined();
  });
});

describe('rejoin (reconnection with a seat token)', () => {
  const token = 'duel-1.12.AbCdEfGhIjKlMnOpQrSt_-';

  test('round-trips', () => {
    const rejoin = { type: 'rejoin', protocolVersion: PROTOCOL_VERSION, seatToken: token } as const;
    expect(decodeOk(encodeClientMessage(rejoin))).toEqual(rejoin);
  });

  test('a string that is not a seat token is BAD_SEAT; a non-string is BAD_MESSAGE', () => {
    const rejoin = (seat: unknown, v: unknown = PROTOCOL_VERSION) => packr.pack({ v, seat });
    for (const seat of [
      '',
      'duel.0.AbCdEfGhIjKlMnOpQrSt_-',
      'duel.1.short',
      'Duel.1.AbCdEfGhIjKlMnOpQrSt_-',
    ]) {
      expect(decodeFault(rejoin(seat)).code).toBe(ErrorCode.BAD_SEAT);
    }
    expect(decodeFault(rejoin(12)).code).toBe(ErrorCode.BAD_MESSAGE);
    expect(decodeFault(rejoin('x'.repeat(67))).code).toBe(ErrorCode.BAD_MESSAGE); // refused by shape
    expect(decodeFault(rejoin(token, PROTOCOL_VERSION + 1)).code).toBe(ErrorCode.VERSION_MISMATCH);
  });
});

test('quantised angles round-trip through dequantize', () => {
  expect(quantizeAngle(dequantizeAngle(12345))).toBe(12345);
});

import { type ClientMessage, encodeClientMessage, PROTOCOL_VERSION } from '@arena/protocol';
import { HOSTILE_FRAGMENTS, pack } from './msgpack-writer';
import type { Rng } from './rng';

/** One thing to send: a binary WebSocket frame or a text one (engine.io's text packets). */
export type FuzzFrame =
  | { readonly kind: 'binary'; readonly bytes: Uint8Array }
  | { readonly kind: 'text'; readonly text: string };

export type FrameFamily = 'random' | 'mutated' | 'hostile-field' | 'socket.io' | 'engine.io' | 'oversized';

export const FRAME_FAMILIES: readonly FrameFamily[] = [
  'random',
  'mutated',
  'hostile-field',
  'socket.io',
  'engine.io',
  'oversized',
];

/** Valid client messages, the seeds that structure-aware mutations start from. */
function validMessages(rng: Rng): ClientMessage[] {
  return [
    {
      type: 'join',
      protocolVersion: PROTOCOL_VERSION,
      name: 'fuzz',
      roomId: rng.pick(['any', 'fuzz-room', 'x']),
    },
    {
      type: 'input',
      seq: rng.int(1, 2 ** 32 - 1),
      moveX: rng.next() * 2 - 1,
      moveY: rng.next() * 2 - 1,
      aim: rng.next() * 7 - 3.5,
      fire: rng.chance(0.5),
      clientTimeMs: rng.int(0, 2 ** 32 - 1),
      lastSnapshotTick: rng.int(0, 2 ** 32 - 1),
    },
    { type: 'leave' },
    { type: 'ping', clientTimeMs: rng.int(0, 2 ** 32 - 1) },
    { type: 'chat', text: 'hello' },
    { type: 'lobby', watch: rng.chance(0.5), name: 'fuzz' },
    {
      type: 'rejoin',
      protocolVersion: PROTOCOL_VERSION,
      seatToken: `fuzz-room.${rng.int(1, 99)}.${'A'.repeat(22)}`,
    },
    { type: 'ack', lastSnapshotTick: rng.int(0, 2 ** 32 - 1) },
  ];
}

/** Random bytes, sometimes starting with a record byte so they take the Arena fast path. */
function randomFrame(rng: Rng): FuzzFrame {
  const bytes = rng.bytes(rng.int(1, 600));
  if (rng.chance(0.6)) bytes[0] = 0x40 + rng.int(0, 31);
  return { kind: 'binary', bytes };
}

/** A valid message with bits flipped, bytes changed, cut short or extended. */
function mutatedFrame(rng: Rng): FuzzFrame {
  const bytes = [...encodeClientMessage(rng.pick(validMessages(rng)))];
  for (let n = rng.int(1, 4); n > 0; n--) {
    const at = rng.int(0, Math.max(0, bytes.length - 1));
    switch (rng.int(0, 4)) {
      case 0:
        bytes[at] = (bytes[at] ?? 0) ^ (1 << rng.int(0, 7));
        break;
      case 1:
        bytes[at] = rng.int(0, 255);
        break;
      case 2:
        bytes.length = Math.max(1, at);
        break;
      case 3:
        bytes.push(...rng.bytes(rng.int(1, 16)));
        break;
      default:
        bytes.splice(at, 0, ...rng.pick(HOSTILE_FRAGMENTS));
    }
  }
  return { kind: 'binary', bytes: new Uint8Array(bytes) };
}

/** A client record whose fields are replaced by hostile msgpack values. */
function hostileFieldFrame(rng: Rng): FuzzFrame {
  const record = rng.pick([0, 1, 3, 15, 16, 20]);
  const fields = rng.int(0, 9);
  const bytes = [0x40 + record];
  for (let i = 0; i < fields; i++) {
    bytes.push(
      ...(rng.chance(0.5)
        ? rng.pick(HOSTILE_FRAGMENTS)
        : pack(rng.pick([0, 1, 127, -1, 0.5, 'a', true, null]))),
    );
  }
  return { kind: 'binary', bytes: new Uint8Array(bytes) };
}

const NAMESPACES: readonly unknown[] = ['/', '/', '/admin', '', 'x', `/${'n'.repeat(100)}`, 42, null, ['/']];
const EVENT_NAMES: readonly unknown[] = [
  'm',
  'm',
  'hack',
  '',
  'constructor',
  '__proto__',
  'disconnect',
  7,
  null,
];

/** A Socket.IO packet `[type, nsp, data, id]` with odd types, namespaces, payloads and ack ids. */
function socketIoFrame(rng: Rng): FuzzFrame {
  const type = rng.pick([0, 1, 2, 2, 2, 3, 4, 5, 6, 7, -1, 2 ** 53, 'EVENT']);
  const nsp = rng.pick(NAMESPACES);
  const args: unknown[] = [rng.pick(EVENT_NAMES)];
  for (let n = rng.int(0, 3); n > 0; n--) {
    args.push(
      rng.pick([
        encodeClientMessage({ type: 'ping', clientTimeMs: 1 }),
        'text',
        { hp: 100, x: 1e9 },
        [1, [2, [3]]],
        null,
        rng.bytes(rng.int(0, 32)),
      ]),
    );
  }
  const fields: unknown[] = [type, nsp];
  if (rng.chance(0.8)) fields.push(rng.chance(0.8) ? args : rng.pick([{ token: 'x' }, 'str', 12, null]));
  if (rng.chance(0.3)) fields.push(rng.pick([0, 1, -1, 0.5, 2 ** 40, 'id']));
  const bytes = pack(fields);
  if (rng.chance(0.2)) bytes.splice(rng.int(1, bytes.length), 0, ...rng.pick(HOSTILE_FRAGMENTS));
  return { kind: 'binary', bytes: new Uint8Array(bytes) };
}

/** engine.io text packets: unknown types, pings from the wrong side, upgrade probes, junk. */
function engineIoFrame(rng: Rng): FuzzFrame {
  return {
    kind: 'text',
    text: rng.pick([
      '4',
      '4hello',
      '40',
      '42["m","x"]',
      '2',
      '2probe',
      '3',
      '5',
      '6',
      '1',
      '9',
      '',
      'x',
      '0{}',
      `4${'a'.repeat(2000)}`,
    ]),
  };
}

/** Frames past the default 4 KiB packet limit, some past the transport's hard cap too. */
function oversizedFrame(rng: Rng): FuzzFrame {
  const bytes = rng.bytes(rng.int(4097, 12_000));
  if (rng.chance(0.5)) bytes[0] = 0x40 + rng.int(0, 31);
  return { kind: 'binary', bytes };
}

export function makeFrame(rng: Rng, family: FrameFamily): FuzzFrame {
  switch (family) {
    case 'random':
      return randomFrame(rng);
    case 'mutated':
      return mutatedFrame(rng);
    case 'hostile-field':
      return hostileFieldFrame(rng);
    case 'socket.io':
      return socketIoFrame(rng);
    case 'engine.io':
      return engineIoFrame(rng);
    case 'oversized':
      return oversizedFrame(rng);
  }
}

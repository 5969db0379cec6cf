/**
 * msgpackr record structures: the key lists both ends agree on, so keys never travel.
 * A record is sent as one byte (0x40 + its index here) followed by its values in key order.
 * The order of this list is part of the protocol: append only, and bump PROTOCOL_VERSION
 * when a structure changes.
 */
export const RECORD = {
  // client -> server
  join: 0,
  input: 1,
  leave: 2,
  ping: 3,
  // server -> client
  welcome: 4,
  snapshot: 5,
  events: 6,
  eventJoin: 7,
  eventLeave: 8,
  eventKill: 9,
  eventRespawn: 10,
  error: 11,
  pong: 12,
  // full snapshot body entities
  player: 13,
  projectile: 14,
} as const;

export const STRUCTURES: readonly (readonly string[])[] = [
  ['v', 'name', 'room'],
  ['seq', 'mx', 'my', 'aim', 'fire', 'ct'],
  [],
  ['ct'],
  ['v', 'pid', 'room', 'tickHz', 'snapHz', 'strategy', 'mode', 'w', 'h', 'walls', 'st', 'tick', 'players'],
  ['tick', 'ack', 'body'],
  ['tick', 'events'],
  ['joined', 'name'],
  ['left'],
  ['killer', 'victim'],
  ['respawned', 'x', 'y'],
  ['code', 'msg'],
  ['ct', 'st'],
  ['id', 'x', 'y', 'a', 'hp', 'sc'],
  ['pid', 'x', 'y', 'a'],
];

/** First byte of a record with the given index. */
export const RECORD_BYTE_BASE = 0x40;

/** Record indexes a client may send, with how many values each carries. */
export const CLIENT_RECORD_FIELD_COUNTS: ReadonlyMap<number, number> = new Map(
  [RECORD.join, RECORD.input, RECORD.leave, RECORD.ping].map((index) => [index, STRUCTURES[index]!.length]),
);

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
  // lobby and chat
  chat: 15,
  lobby: 16,
  roomList: 17,
  chatLine: 18,
  notice: 19,
  // reconnection and liveness (20..24 belong to hardening; 22..24 are reserved placeholders)
  rejoin: 20,
  ack: 21,
  // netcode lab (25..)
  netsim: 25,
  inputs: 26,
  // scale-out (27..)
  redirect: 27,
  // datagrams and game feel (28..); msgpackr writes record ids from 32 on in two bytes, so 28..31 are the last one-byte ids
  rtcSignal: 28,
  eventHit: 29,
} as const;

export const STRUCTURES: readonly (readonly string[])[] = [
  ['v', 'name', 'room'],
  ['seq', 'mx', 'my', 'aim', 'fire', 'ct', 'sn', 'rd'],
  [],
  ['ct'],
  [
    'v',
    'pid',
    'room',
    'tickHz',
    'snapHz',
    'strategy',
    'mode',
    'w',
    'h',
    'walls',
    'st',
    'tick',
    'players',
    'seat',
    'bots',
  ],
  ['tick', 'ack', 'body'],
  ['tick', 'events'],
  ['joined', 'name', 'bot'],
  ['left'],
  ['killer', 'victim'],
  ['respawned', 'x', 'y'],
  ['code', 'msg'],
  ['ct', 'st'],
  ['id', 'x', 'y', 'a', 'hp', 'sc'],
  ['pid', 'x', 'y', 'a'],
  ['text'],
  ['watch', 'name'],
  ['rooms', 'total'],
  ['from', 'name', 'text', 'scope'],
  ['text', 'level'],
  ['v', 'seat'],
  ['sn'],
  // placeholders: never sent; distinct keys so no real record (e.g. leave's empty one) maps here
  ['reserved22'],
  ['reserved23'],
  ['reserved24'],
  ['profile', 'lat', 'jit', 'loss', 'bw'],
  ['seq', 'moves', 'ct', 'sn', 'rd'],
  ['room', 'url'],
  ['kind', 'sdp', 'cand', 'mid', 'why'],
  ['hitter', 'hurt'],
];

/** First byte of a record with the given index. */
export const RECORD_BYTE_BASE = 0x40;

/** What a client record may carry: its number of values and its longest string, in UTF-8 bytes. */
export interface ClientRecordShape {
  readonly fieldCount: number;
  readonly maxStringBytes: number;
  /** Longest binary field (bin8), bytes; 0 = binary not allowed. */
  readonly maxBinBytes?: number;
}

/** `rd` value meaning "render delay unknown": the server assumes its default interpolation delay. */
export const RENDER_DELAY_UNKNOWN = 255;

/** Inputs one `inputs` message may carry, and the bytes each takes in its `moves` field. */
export const MAX_INPUTS_PER_MESSAGE = 8;
export const INPUT_MOVE_BYTES = 5;

/**
 * Longest seat token (ASCII): `<room id>.<player id>.<22-char secret>`, see the welcome's `seat`.
 * A room id is up to 32 characters and a player id up to 10 digits.
 */
export const SEAT_TOKEN_MAX_CHARS = 66;

/** Longest SDP (offer or answer) an `rtcSignal` may carry, bytes: a data-channel-only SDP is about 500. */
export const RTC_SDP_MAX_BYTES = 2048;
/** Longest `rtcSignal` message, bytes: the one client message allowed past MAX_CLIENT_MESSAGE_BYTES. */
export const MAX_SIGNAL_MESSAGE_BYTES = RTC_SDP_MAX_BYTES + 64;
/** Longest ICE candidate line an `rtcSignal` may carry, bytes. */
export const RTC_CANDIDATE_MAX_BYTES = 256;
/** Longest media id of a candidate, bytes. */
export const RTC_MID_MAX_BYTES = 16;

/** Longest chat line, in characters (UTF-8: up to 4 bytes each). */
export const CHAT_MAX_CHARS = 120;

/** Record indexes a client may send, with their shape limits. */
export const CLIENT_RECORD_SHAPES: ReadonlyMap<number, ClientRecordShape> = new Map([
  [RECORD.join, { fieldCount: STRUCTURES[RECORD.join]!.length, maxStringBytes: 64 }],
  [RECORD.input, { fieldCount: STRUCTURES[RECORD.input]!.length, maxStringBytes: 0 }],
  [RECORD.leave, { fieldCount: STRUCTURES[RECORD.leave]!.length, maxStringBytes: 0 }],
  [RECORD.ping, { fieldCount: STRUCTURES[RECORD.ping]!.length, maxStringBytes: 0 }],
  [RECORD.chat, { fieldCount: STRUCTURES[RECORD.chat]!.length, maxStringBytes: CHAT_MAX_CHARS * 4 }],
  [RECORD.lobby, { fieldCount: STRUCTURES[RECORD.lobby]!.length, maxStringBytes: 64 }],
  [RECORD.rejoin, { fieldCount: STRUCTURES[RECORD.rejoin]!.length, maxStringBytes: SEAT_TOKEN_MAX_CHARS }],
  [RECORD.ack, { fieldCount: STRUCTURES[RECORD.ack]!.length, maxStringBytes: 0 }],
  [RECORD.rtcSignal, { fieldCount: STRUCTURES[RECORD.rtcSignal]!.length, maxStringBytes: RTC_SDP_MAX_BYTES }],
  [RECORD.netsim, { fieldCount: STRUCTURES[RECORD.netsim]!.length, maxStringBytes: 16 }],
  [
    RECORD.inputs,
    {
      fieldCount: STRUCTURES[RECORD.inputs]!.length,
      maxStringBytes: 0,
      maxBinBytes: MAX_INPUTS_PER_MESSAGE * INPUT_MOVE_BYTES,
    },
  ],
]);

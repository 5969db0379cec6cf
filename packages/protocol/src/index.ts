// @arena/protocol: the wire format and game rules shared by server, browser client and bots.

export type { ProtocolFault, Result } from './errors';
export { ArenaError, ErrorCode, fail, isErrorCode, ok } from './errors';
export type { PlaybackChange, PlaybackState, RecordingInfo } from './http/replay-api';
export type { NetworkConditions, NetworkProfileName } from './netsim/network-profiles';
export {
  checkNetworkConditions,
  isPerfectNetwork,
  NETWORK_PROFILE_NAMES,
  NETWORK_PROFILES,
  profileNameOf,
} from './netsim/network-profiles';
export type { ShapingOutcome } from './netsim/network-shaper';
export { MIN_RETRANSMIT_MS, NetworkShaper } from './netsim/network-shaper';
export {
  DATAGRAM_ATTEMPTS,
  DatagramChannel,
  type DatagramChannelHandlers,
  type DatagramChannelOptions,
  type DatagramFallback,
} from './rtc/datagram-channel';
export { CLIENT_DATAGRAM_OPEN_TIMEOUT_MS } from './rtc/datagram-negotiation';
export {
  DATAGRAM_CHANNEL_CLOSED,
  type RtcPeer,
  type RtcPeerEvents,
  type RtcPeerFactory,
  type StartTimer,
} from './rtc/rtc-peer';
export type { ArenaMap, Rect } from './rules/arena-map';
export { circleOverlapsRect, isWallBetween, pointInRect, segmentCircleEntry } from './rules/arena-map';
export * from './rules/constants';
export type { Position } from './rules/movement';
export { snapToGrid, stepMovement } from './rules/movement';
export * from './rules/quantize';
export {
  AOI_ENTER_RADIUS_UNITS,
  AOI_LEAVE_RADIUS_UNITS,
  aoiDeltaSnapshot,
} from './snapshot/aoi-delta-snapshot';
export type { ByteAttribution, ByteShare } from './snapshot/byte-attribution';
export { attributeSnapshotBytes } from './snapshot/byte-attribution';
export {
  DELTA_CLIENT_HISTORY_SNAPSHOTS,
  DELTA_HISTORY_SNAPSHOTS,
  deltaSnapshot,
} from './snapshot/delta-snapshot';
export { fullSnapshot } from './snapshot/full-snapshot';
export { DELTA_ANGLE_STEPS } from './snapshot/quantized-world';
export type {
  SnapshotDecoder,
  SnapshotEncoder,
  SnapshotStrategy,
  SnapshotViewer,
} from './snapshot/snapshot-strategy';
export { DEFAULT_SNAPSHOT_STRATEGY, findSnapshotStrategy, SNAPSHOT_STRATEGIES } from './snapshot/strategies';
export type { PlayerView, ProjectileView, WorldView } from './snapshot/world-view';
export { PROTOCOL_VERSION } from './version';
export {
  decodeClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  encodeServerMessage,
  MAX_CLIENT_MESSAGE_BYTES,
  recordIndexOf,
} from './wire/codec';
export {
  DATAGRAM_CHANNEL_ID,
  DATAGRAM_CHANNEL_LABEL,
  DATAGRAM_INPUT_REDUNDANCY,
  DATAGRAM_MAX_BYTES,
  datagramsNotOfferedReason,
  fitsDatagram,
  isDatagramClientRecord,
  isDatagramsNotOffered,
  TRANSPORT_NAMES,
  type TransportName,
} from './wire/datagram';
export type * from './wire/messages';
export { checkMsgpackBounds } from './wire/msgpack-bounds';
export { inputsAfter, inputsOfBatch, RedundantInputs } from './wire/redundant-inputs';
export { GAP_WINDOW, SequenceGapCounter } from './wire/sequence-gap-counter';
export { encodeSnapshotMessage, snapshotMessageLength, writeSnapshotMessage } from './wire/snapshot-message';
export {
  ARENA_EVENT,
  ArenaSocketDecoder,
  arenaSocketParser,
  isArenaFrame,
  isArenaRecordByte,
  type SocketPacket,
} from './wire/socketio-parser';
export {
  CHAT_MAX_CHARS,
  INPUT_MOVE_BYTES,
  MAX_INPUTS_PER_MESSAGE,
  MAX_SIGNAL_MESSAGE_BYTES,
  RECORD,
  RECORD_BYTE_BASE,
  RTC_CANDIDATE_MAX_BYTES,
  RTC_SDP_MAX_BYTES,
} from './wire/structures';
export { sanitizeChatText, sanitizePlayerName, validateInputFields } from './wire/validate-client';

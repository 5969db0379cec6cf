// @arena/server: embed an Arena server, or run src/main.ts (the arena-server binary).

export type { ArenaServer, CreateServerExtras, ServerResources } from './app/create-server';
export { createArenaServer } from './app/create-server';
export { MESSAGE_EVENT } from './app/player-session';
export { readCliOptions, USAGE } from './config/cli';
export { hasServerNodeFlags, SERVER_NODE_FLAGS } from './config/node-flags';
export type { LogLevel, ServerOptions } from './config/options';
export { DEFAULTS, resolveOptions } from './config/options';
export type { FixedTickLoopOptions, LoopClock, LoopStats } from './loop/fixed-tick-loop';
export { FixedTickLoop, realClock } from './loop/fixed-tick-loop';
export type {
  MembershipChange,
  RecordedInput,
  Recording,
  RecordingEntry,
  RecordingHeader,
} from './replay/recording-format';
export { RECORDING_FORMAT, RECORDING_VERSION, readRecording } from './replay/recording-format';
export type { ReplayMismatch, ReplayResult } from './replay/replay-match';
export { applyEntry, replayRecording, worldForRecording } from './replay/replay-match';
export {
  INPUT_CREDIT_MS,
  InputQueue,
  inputCreditCap,
  MAX_INPUTS_PER_TICK,
  MAX_STANDING_BACKLOG,
  standingBacklogFor,
} from './rooms/input-queue';
export { LocalRoomDirectory } from './rooms/local-room-directory';
export type { RoomOptions } from './rooms/room';
export { Room } from './rooms/room';
export type { CreateRoomRequest, RoomDirectory } from './rooms/room-directory';
export type { RoomHooks, RoomHooksFactory, SteppedWorld } from './rooms/room-hooks';
export type { Logger, RoomConfig, RoomConnection, RoomInfo } from './rooms/room-types';
export type { SpectatorRooms, SpectatorRoomsHost, WatchedRoom } from './rooms/spectator-rooms';
export { installProcessGuards } from './security/process-guards';
export { SIM_RULES_VERSION } from './sim/rules-version';
export { hashWorld } from './sim/state-hash';
export type { WorldConfig } from './sim/world';
export { World } from './sim/world';
export type { AppliedInput, PlayerState, ProjectileState } from './sim/world-state';

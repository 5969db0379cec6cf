import {
  ArenaError,
  DEFAULT_SNAPSHOT_STRATEGY,
  ErrorCode,
  findSnapshotStrategy,
  TICK_RATE_MAX_HZ,
  TICK_RATE_MIN_HZ,
} from '@arena/protocol';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Every server option. Defaults are in DEFAULTS below; README "Server options" mirrors them. */
export interface ServerOptions {
  /** TCP port for HTTP and Socket.IO. @default 3000 */
  port: number;
  /** Interface to listen on; "0.0.0.0" accepts players from other machines. @default "localhost" */
  host: string;
  /** Tick rate of rooms created without one, Hz. @default 60 */
  tickRateHz: number;
  /** Snapshot rate of rooms created without one, Hz (capped at the room's tick rate). @default 60 */
  snapshotRateHz: number;
  /** Snapshot strategy of rooms created without one. @default "delta" */
  strategy: string;
  /** Seats per room when a room is created without a number. @default 16 */
  maxPlayersPerRoom: number;
  /** Rooms this process runs at once. @default 100 */
  maxRooms: number;
  /** Pending inputs kept per player; more are dropped oldest first. @default 8 */
  inputQueueMax: number;
  /** An empty room closes after this long, ms. @default 30000 */
  roomIdleTimeoutMs: number;
  /** Largest Socket.IO/engine.io packet accepted, bytes; larger frames disconnect the client. @default 4096 */
  maxPacketBytes: number;
  /** Malformed messages a socket may send before it is disconnected. @default 5 */
  maxBadMessages: number;
  /** Longest a graceful shutdown waits for clients before closing anyway, ms. @default 5000 */
  shutdownTimeoutMs: number;
  /** Folder of the built game client served at "/"; "" serves no client. @default packages/game-client/dist */
  clientDir: string;
  /** Fastify/pino log level. @default "info" */
  logLevel: LogLevel;
}

/** The defaults, in one place. */
export const DEFAULTS: Readonly<ServerOptions> = Object.freeze({
  port: 3000,
  host: 'localhost',
  tickRateHz: 60,
  snapshotRateHz: 60,
  strategy: DEFAULT_SNAPSHOT_STRATEGY,
  maxPlayersPerRoom: 16,
  maxRooms: 100,
  inputQueueMax: 8,
  roomIdleTimeoutMs: 30_000,
  maxPacketBytes: 4096,
  maxBadMessages: 5,
  shutdownTimeoutMs: 5000,
  clientDir: '',
  logLevel: 'info',
});

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Integer options with their allowed range (inclusive). */
const INTEGER_RANGES: Partial<Record<keyof ServerOptions, readonly [number, number]>> = {
  port: [0, 65535],
  tickRateHz: [TICK_RATE_MIN_HZ, TICK_RATE_MAX_HZ],
  snapshotRateHz: [1, TICK_RATE_MAX_HZ],
  maxPlayersPerRoom: [1, 1000],
  maxRooms: [1, 10_000],
  inputQueueMax: [1, 128],
  roomIdleTimeoutMs: [0, 86_400_000],
  maxPacketBytes: [256, 1_048_576],
  maxBadMessages: [1, 1000],
  shutdownTimeoutMs: [0, 600_000],
};

/** Merges `input` over the defaults and checks every field; throws ArenaError(BAD_OPTION) with the reason. */
export function resolveOptions(input: Partial<ServerOptions> = {}): Readonly<ServerOptions> {
  const options: ServerOptions = { ...DEFAULTS };
  for (const [key, value] of Object.entries(input)) {
    if (!(key in DEFAULTS)) throw new ArenaError(ErrorCode.BAD_OPTION, `unknown option "${key}"`);
    if (value !== undefined) (options as unknown as Record<string, unknown>)[key] = value;
  }
  for (const [key, range] of Object.entries(INTEGER_RANGES)) {
    const value = options[key as keyof ServerOptions];
    const [min, max] = range;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new ArenaError(
        ErrorCode.BAD_OPTION,
        `${key} must be an integer in ${min}..${max}, got ${String(value)}`,
      );
    }
  }
  if (typeof options.host !== 'string' || options.host.length === 0) {
    throw new ArenaError(ErrorCode.BAD_OPTION, 'host must be a non-empty string');
  }
  if (findSnapshotStrategy(options.strategy) === undefined) {
    throw new ArenaError(ErrorCode.BAD_OPTION, `strategy "${options.strategy}" is not known`);
  }
  if (!LOG_LEVELS.includes(options.logLevel)) {
    throw new ArenaError(ErrorCode.BAD_OPTION, `logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return Object.freeze(options);
}

import {
  ArenaError,
  DEFAULT_SNAPSHOT_STRATEGY,
  ErrorCode,
  findSnapshotStrategy,
  TICK_RATE_MAX_HZ,
  TICK_RATE_MIN_HZ,
} from '@arena/protocol';
import { isValidProxyTrust } from '../security/client-address';
import { parseAllowedOrigins } from '../security/origin-policy';
import { parseTrustedAddresses } from '../security/trusted-addresses';
import { IO_PATHS, type IoPath } from '../transport/io-path';

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
  /** Pending inputs kept per player (a TCP resend can deliver a burst); more are dropped oldest first. @default 32 */
  inputQueueMax: number;
  /** Input catch-up after a gap, ms of inputs a player may bank (docs/netcode.md "Inputs"); 0 = strict: at most one input per tick, so no second holds more than a second of movement. @default 300 */
  inputCreditMs: number;
  /** An empty room closes after this long, ms. @default 30000 */
  roomIdleTimeoutMs: number;
  /** A room nobody has joined yet closes after this long (roomIdleTimeoutMs if that is shorter), ms; rooms created by a trusted address or with the admin token wait roomIdleTimeoutMs. @default 5000 */
  roomUnjoinedMs: number;
  /** Rooms nobody has joined yet that one client IP may have created and still hold; beyond, POST /api/rooms gets 429 RATE_LIMITED with retry-after; trusted addresses and the admin token are exempt; 0 = no limit. @default 3 */
  maxEmptyRoomsPerIp: number;
  /** Largest Socket.IO/engine.io packet accepted, bytes; larger frames disconnect the client. @default 4096 */
  maxPacketBytes: number;
  /** Malformed messages a socket may send before it is disconnected. @default 5 */
  maxBadMessages: number;
  /** Longest a graceful shutdown waits for clients before closing anyway, ms. @default 5000 */
  shutdownTimeoutMs: number;
  /** Folder of the built game client served at "/"; "" serves no client. @default packages/game-client/dist */
  clientDir: string;
  /** Folder where rooms created with "record": true write their match recordings. @default "recordings" */
  recordingsDir: string;
  /** PEM certificate (chain) file: with tlsKey, the server speaks https and wss on its port (for small setups without a TLS proxy). @default "" */
  tlsCert: string;
  /** PEM private key file of tlsCert. @default "" */
  tlsKey: string;
  /** Lag compensation cap: how far back a shot may be rewound, ms, in rooms that compensate. @default 250 */
  maxRewindMs: number;
  /** Server bots fill each arena room up to this many fighters (humans and bots) while at least one human plays, for rooms created without their own minFighters; 0 = no bots. Bench rooms never have bots. @default 4 */
  minFighters: number;
  /** How players' messages travel: "batched" reads a seated player's socket right before each tick of its room (one read per tick period, libuv not polling it), "event-loop" reads every message as it arrives, "standard" takes Socket.IO's own event path. docs/netcode.md "Reading players' sockets". @default "batched" */
  ioPath: IoPath;
  // ---- hardening limits (docs/security.md explains each) ----
  /** Largest HTTP request body, bytes; larger ones get 413. @default 16384 */
  maxBodyBytes: number;
  /** Messages per second a socket may send on average; the excess is dropped unread. @default 200 */
  messageRatePerS: number;
  /** Messages a socket may send back to back above the average rate. @default 100 */
  messageBurst: number;
  /** Dropped (over-rate) messages a socket may pile up, forgiven at a tenth per second, before it is disconnected with RATE_LIMITED. @default 400 */
  maxDroppedMessages: number;
  /** Joins and rejoins per socket per minute (a burst of 5). @default 30 */
  joinRatePerMin: number;
  /** Joins and rejoins per client IP per minute, all its sockets together; 0 = no limit. @default 300 */
  ipJoinRatePerMin: number;
  /** Open engine.io connections per client IP, refused at the handshake beyond (RATE_LIMITED); open TCP connections per client IP are capped at twice this, counted at accept (a polling client holds two: its long poll and a POST); 0 = neither limit. @default 32 */
  maxConnectionsPerIp: number;
  /** Open TCP connections in all (players, page loads, API calls, idle ones), counted at accept; beyond, a new one is answered 503 TOO_MANY_CONNECTIONS and closed; 0 = no limit. @default 10000 */
  maxOpenConnections: number;
  /** Requests to /api per client IP per minute; beyond, 429 with retry-after. @default 300 */
  httpRatePerMin: number;
  /** POST /api/rooms per client IP per minute; beyond, 429 with retry-after. @default 60 */
  roomCreateRatePerMin: number;
  /** Other page origins allowed to open sockets, comma-separated ("*" = any); the server's own origin and clients that send no Origin are always allowed. @default "" */
  allowedOrigins: string;
  /** Client IP addresses exempt from the per-address limits (ipJoinRatePerMin, maxConnectionsPerIp, httpRatePerMin, roomCreateRatePerMin, maxEmptyRoomsPerIp), comma-separated: a load test's machine; they may create bench rooms. They still count towards maxOpenConnections. @default "" */
  trustedAddresses: string;
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, comma-separated addresses, CIDR ranges or loopback, linklocal, uniquelocal: the client address derived from them is the one every per-address limit, the trusted addresses, the logs and the metrics use; a trusted proxy's own connections are exempt from the per-address TCP cap. Off when empty. @default "" */
  trustProxy: string;
  /** Bytes queued for a client above which snapshots to it are skipped. @default 65536 */
  outboundSkipBytes: number;
  /** Bytes queued for a client above which it is disconnected at once with SLOW_CONSUMER. @default 1048576 */
  outboundMaxBytes: number;
  /** A client whose queue stays above outboundSkipBytes this long is disconnected with SLOW_CONSUMER, ms. @default 3000 */
  slowConsumerMs: number;
  /** A seated player whose acknowledged snapshot has not advanced for this long while its room kept sending it snapshots (a client that stopped reading) is disconnected with SLOW_CONSUMER, its seat kept for a rejoin, ms; 0 = no such check. @default 10000 */
  ackTimeoutMs: number;
  /** How long a dropped player's seat, score and position wait for a rejoin, ms; 0 frees them at once. @default 10000 */
  reconnectGraceMs: number;
  /** Engine.io heartbeat: a ping every this many ms. @default 25000 */
  pingIntervalMs: number;
  /** Engine.io heartbeat: a client that does not answer a ping within this many ms is dropped. @default 20000 */
  pingTimeoutMs: number;
  /** A connection that does not join the default namespace within this many ms is closed. @default 10000 */
  connectTimeoutMs: number;
  /** A TCP connection that has not sent complete HTTP headers within this many ms is answered 408 and closed (an idle or half-open connection, or headers sent slowly), and an idle keep-alive connection is closed after it. WebSocket players are not affected (the engine.io heartbeat watches them). @default 5000 */
  idleTimeoutMs: number;
  /** On shutdown, how long to keep answering HTTP (readyz 503) after clients are told, so load balancers notice, ms. @default 0 */
  shutdownDrainMs: number;
  /** Fastify/pino log level. @default "info" */
  logLevel: LogLevel;
  // ---- scale-out (docs/scaling.md) ----
  /** Redis shared by the nodes of a cluster, e.g. "redis://127.0.0.1:6379"; "" runs one process with no Redis. @default "" */
  redisUrl: string;
  /** This node's name in the cluster registry; "" picks "<hostname>-<pid>". @default "" */
  nodeId: string;
  /** Base URL players use to reach this node, given to clients redirected here; "" uses the address it listens on. @default "" */
  publicUrl: string;
  /** How often a node writes its rooms to the registry and reads the others', ms. @default 1000 */
  heartbeatMs: number;
  /** A node whose heartbeat is older than this is gone, with its rooms, ms (at least twice heartbeatMs). @default 3000 */
  nodeTtlMs: number;
  /** Bearer token of the admin API (close a room, announce, on any node); "" turns the admin API off. @default "" */
  adminToken: string;
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
  inputQueueMax: 32,
  inputCreditMs: 300,
  roomIdleTimeoutMs: 30_000,
  roomUnjoinedMs: 5000,
  maxEmptyRoomsPerIp: 3,
  maxPacketBytes: 4096,
  maxBadMessages: 5,
  shutdownTimeoutMs: 5000,
  clientDir: '',
  recordingsDir: 'recordings',
  tlsCert: '',
  tlsKey: '',
  maxRewindMs: 250,
  minFighters: 4,
  ioPath: 'batched',
  logLevel: 'info',
  maxBodyBytes: 16_384,
  messageRatePerS: 200,
  messageBurst: 100,
  maxDroppedMessages: 400,
  joinRatePerMin: 30,
  ipJoinRatePerMin: 300,
  maxConnectionsPerIp: 32,
  maxOpenConnections: 10_000,
  httpRatePerMin: 300,
  roomCreateRatePerMin: 60,
  allowedOrigins: '',
  trustedAddresses: '',
  trustProxy: '',
  outboundSkipBytes: 65_536,
  outboundMaxBytes: 1_048_576,
  slowConsumerMs: 3000,
  ackTimeoutMs: 10_000,
  reconnectGraceMs: 10_000,
  pingIntervalMs: 25_000,
  pingTimeoutMs: 20_000,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 5000,
  shutdownDrainMs: 0,
  redisUrl: '',
  nodeId: '',
  publicUrl: '',
  heartbeatMs: 1000,
  nodeTtlMs: 3000,
  adminToken: '',
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
  inputCreditMs: [0, 2000],
  roomIdleTimeoutMs: [0, 86_400_000],
  roomUnjoinedMs: [100, 86_400_000],
  maxEmptyRoomsPerIp: [0, 10_000],
  maxPacketBytes: [256, 1_048_576],
  maxBadMessages: [1, 1000],
  shutdownTimeoutMs: [0, 600_000],
  maxBodyBytes: [1024, 1_048_576],
  messageRatePerS: [1, 100_000],
  messageBurst: [1, 100_000],
  maxDroppedMessages: [1, 10_000_000],
  joinRatePerMin: [1, 100_000],
  ipJoinRatePerMin: [0, 10_000_000],
  maxConnectionsPerIp: [0, 10_000_000],
  maxOpenConnections: [0, 10_000_000],
  httpRatePerMin: [1, 10_000_000],
  roomCreateRatePerMin: [1, 10_000_000],
  outboundSkipBytes: [1024, 67_108_864],
  outboundMaxBytes: [4096, 268_435_456],
  slowConsumerMs: [100, 600_000],
  ackTimeoutMs: [0, 600_000],
  reconnectGraceMs: [0, 3_600_000],
  pingIntervalMs: [100, 600_000],
  pingTimeoutMs: [100, 600_000],
  connectTimeoutMs: [100, 600_000],
  idleTimeoutMs: [200, 600_000],
  shutdownDrainMs: [0, 600_000],
  maxRewindMs: [0, 1000],
  minFighters: [0, 1000],
  heartbeatMs: [50, 60_000],
  nodeTtlMs: [100, 600_000],
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
  if (!IO_PATHS.includes(options.ioPath)) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `ioPath must be one of ${IO_PATHS.join(', ')}, got "${options.ioPath}"`,
    );
  }
  if (options.outboundMaxBytes <= options.outboundSkipBytes) {
    throw new ArenaError(ErrorCode.BAD_OPTION, 'outboundMaxBytes must be larger than outboundSkipBytes');
  }
  if (options.ackTimeoutMs > 0 && options.ackTimeoutMs < 1000) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `ackTimeoutMs must be 0 (off) or at least 1000: honest clients acknowledge about once a second, got ${options.ackTimeoutMs}`,
    );
  }
  if (parseAllowedOrigins(options.allowedOrigins) === undefined) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `allowedOrigins must be "*" or comma-separated origins such as https://play.example.com, got "${options.allowedOrigins}"`,
    );
  }
  if (parseTrustedAddresses(options.trustedAddresses) === undefined) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `trustedAddresses must be comma-separated IP addresses such as 127.0.0.1,::1, got "${options.trustedAddresses}"`,
    );
  }
  if ((options.tlsCert === '') !== (options.tlsKey === '')) {
    throw new ArenaError(ErrorCode.BAD_OPTION, 'tlsCert and tlsKey go together: give both files, or neither');
  }
  if (!isValidProxyTrust(options.trustProxy)) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `trustProxy must be comma-separated addresses or CIDR ranges such as 10.0.0.0/8,127.0.0.1 (or loopback, linklocal, uniquelocal), got "${options.trustProxy}"`,
    );
  }
  checkClusterOptions(options);
  if (!LOG_LEVELS.includes(options.logLevel)) {
    throw new ArenaError(ErrorCode.BAD_OPTION, `logLevel must be one of ${LOG_LEVELS.join(', ')}`);
  }
  return Object.freeze(options);
}

/** Scale-out options: URLs that parse, a node id fit for Redis keys, a TTL that outlives a missed beat. */
function checkClusterOptions(options: ServerOptions): void {
  const urls = [
    ['redisUrl', options.redisUrl, /^rediss?:$/],
    ['publicUrl', options.publicUrl, /^https?:$/],
  ] as const;
  for (const [key, value, protocol] of urls) {
    if (typeof value !== 'string') throw new ArenaError(ErrorCode.BAD_OPTION, `${key} must be a string`);
    if (value !== '' && !(URL.canParse(value) && protocol.test(new URL(value).protocol))) {
      const example = key === 'redisUrl' ? 'redis://127.0.0.1:6379' : 'http://10.0.0.5:3000';
      throw new ArenaError(ErrorCode.BAD_OPTION, `${key} must be a URL such as ${example}, got "${value}"`);
    }
  }
  if (typeof options.nodeId !== 'string' || !/^[A-Za-z0-9_.-]{0,64}$/.test(options.nodeId)) {
    throw new ArenaError(ErrorCode.BAD_OPTION, 'nodeId must be up to 64 letters, digits, "_", "." or "-"');
  }
  if (
    typeof options.adminToken !== 'string' ||
    (options.adminToken !== '' && options.adminToken.length < 16)
  ) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      'adminToken must be "" (admin API off) or at least 16 characters',
    );
  }
  if (options.nodeTtlMs < 2 * options.heartbeatMs) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `nodeTtlMs must be at least twice heartbeatMs (${2 * options.heartbeatMs}), got ${options.nodeTtlMs}`,
    );
  }
}

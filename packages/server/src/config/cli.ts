import { parseArgs } from 'node:util';
import { ArenaError, ErrorCode } from '@arena/protocol';
import { DEFAULTS, type ServerOptions } from './options';

/** Option name -> [CLI flag, environment variable]. */
const SOURCES: Record<keyof ServerOptions, readonly [string, string]> = {
  port: ['port', 'PORT'],
  host: ['host', 'HOST'],
  tickRateHz: ['tick-rate', 'ARENA_TICK_RATE'],
  snapshotRateHz: ['snapshot-rate', 'ARENA_SNAPSHOT_RATE'],
  strategy: ['strategy', 'ARENA_STRATEGY'],
  maxPlayersPerRoom: ['max-players', 'ARENA_MAX_PLAYERS'],
  maxRooms: ['max-rooms', 'ARENA_MAX_ROOMS'],
  inputQueueMax: ['input-queue', 'ARENA_INPUT_QUEUE'],
  inputCreditMs: ['input-credit-ms', 'ARENA_INPUT_CREDIT_MS'],
  roomIdleTimeoutMs: ['room-idle-ms', 'ARENA_ROOM_IDLE_MS'],
  roomUnjoinedMs: ['room-unjoined-ms', 'ARENA_ROOM_UNJOINED_MS'],
  maxEmptyRoomsPerIp: ['max-empty-rooms-per-ip', 'ARENA_MAX_EMPTY_ROOMS_PER_IP'],
  maxPacketBytes: ['max-packet-bytes', 'ARENA_MAX_PACKET_BYTES'],
  maxBadMessages: ['max-bad-messages', 'ARENA_MAX_BAD_MESSAGES'],
  shutdownTimeoutMs: ['shutdown-timeout-ms', 'ARENA_SHUTDOWN_TIMEOUT_MS'],
  clientDir: ['client-dir', 'ARENA_CLIENT_DIR'],
  logLevel: ['log-level', 'LOG_LEVEL'],
  maxBodyBytes: ['max-body-bytes', 'ARENA_MAX_BODY_BYTES'],
  messageRatePerS: ['message-rate', 'ARENA_MESSAGE_RATE'],
  messageBurst: ['message-burst', 'ARENA_MESSAGE_BURST'],
  maxDroppedMessages: ['max-dropped-messages', 'ARENA_MAX_DROPPED_MESSAGES'],
  joinRatePerMin: ['join-rate', 'ARENA_JOIN_RATE'],
  ipJoinRatePerMin: ['ip-join-rate', 'ARENA_IP_JOIN_RATE'],
  maxConnectionsPerIp: ['max-connections-per-ip', 'ARENA_MAX_CONNECTIONS_PER_IP'],
  maxOpenConnections: ['max-open-connections', 'ARENA_MAX_OPEN_CONNECTIONS'],
  httpRatePerMin: ['http-rate', 'ARENA_HTTP_RATE'],
  roomCreateRatePerMin: ['room-create-rate', 'ARENA_ROOM_CREATE_RATE'],
  allowedOrigins: ['allowed-origins', 'ARENA_ALLOWED_ORIGINS'],
  trustedAddresses: ['trusted-addresses', 'ARENA_TRUSTED_ADDRESSES'],
  trustProxy: ['trust-proxy', 'ARENA_TRUST_PROXY'],
  tlsCert: ['tls-cert', 'ARENA_TLS_CERT'],
  tlsKey: ['tls-key', 'ARENA_TLS_KEY'],
  outboundSkipBytes: ['outbound-skip-bytes', 'ARENA_OUTBOUND_SKIP_BYTES'],
  outboundMaxBytes: ['outbound-max-bytes', 'ARENA_OUTBOUND_MAX_BYTES'],
  slowConsumerMs: ['slow-consumer-ms', 'ARENA_SLOW_CONSUMER_MS'],
  ackTimeoutMs: ['ack-timeout-ms', 'ARENA_ACK_TIMEOUT_MS'],
  reconnectGraceMs: ['reconnect-grace-ms', 'ARENA_RECONNECT_GRACE_MS'],
  pingIntervalMs: ['ping-interval-ms', 'ARENA_PING_INTERVAL_MS'],
  pingTimeoutMs: ['ping-timeout-ms', 'ARENA_PING_TIMEOUT_MS'],
  connectTimeoutMs: ['connect-timeout-ms', 'ARENA_CONNECT_TIMEOUT_MS'],
  idleTimeoutMs: ['idle-timeout-ms', 'ARENA_IDLE_TIMEOUT_MS'],
  shutdownDrainMs: ['shutdown-drain-ms', 'ARENA_SHUTDOWN_DRAIN_MS'],
  recordingsDir: ['recordings-dir', 'ARENA_RECORDINGS_DIR'],
  maxRewindMs: ['max-rewind-ms', 'ARENA_MAX_REWIND_MS'],
  minFighters: ['min-fighters', 'ARENA_MIN_FIGHTERS'],
  ioPath: ['io-path', 'ARENA_IO_PATH'],
  redisUrl: ['redis-url', 'ARENA_REDIS_URL'],
  nodeId: ['node-id', 'ARENA_NODE_ID'],
  publicUrl: ['public-url', 'ARENA_PUBLIC_URL'],
  heartbeatMs: ['heartbeat-ms', 'ARENA_HEARTBEAT_MS'],
  nodeTtlMs: ['node-ttl-ms', 'ARENA_NODE_TTL_MS'],
  adminToken: ['admin-token', 'ARENA_ADMIN_TOKEN'],
};

/** The binary serves the built game unless told otherwise (see main.ts). */
function displayDefault(key: keyof ServerOptions): string {
  return key === 'clientDir' ? 'packages/game-client/dist' : JSON.stringify(DEFAULTS[key]);
}

export const USAGE = `Usage: arena-server [options]   (each option also reads the environment variable shown)
${Object.entries(SOURCES)
  .map(
    ([key, [flag, env]]) =>
      `  --${flag.padEnd(24)} ${env.padEnd(30)} default: ${displayDefault(key as keyof ServerOptions)}`,
  )
  .join('\n')}
  --help                     print this text`;

/** Options that no longer exist, with what replaced them: a deployment that still sets one is told. */
const RETIRED: readonly (readonly [flag: string, env: string, instead: string])[] = [
  [
    'wait-between-ticks',
    'ARENA_WAIT_BETWEEN_TICKS',
    '--io-path (ARENA_IO_PATH): the thread no longer sleeps between ticks',
  ],
];

/**
 * Reads options from argv flags, then the environment (flags win). Values are parsed but not
 * range-checked: resolveOptions does that, with one error message per bad value.
 */
export function readCliOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Partial<ServerOptions> | 'help' {
  for (const [flag, envName, instead] of RETIRED) {
    if (
      argv.some((arg) => arg === `--${flag}` || arg.startsWith(`--${flag}=`)) ||
      env[envName] !== undefined
    ) {
      throw new ArenaError(ErrorCode.BAD_OPTION, `--${flag} (${envName}) is retired; use ${instead}`);
    }
  }
  const { values } = parseArgs({
    // `pnpm start -- --port 8080` passes the "--" through: it separates nothing here
    args: argv.filter((arg) => arg !== '--'),
    options: {
      help: { type: 'boolean' },
      ...Object.fromEntries(Object.values(SOURCES).map(([flag]) => [flag, { type: 'string' as const }])),
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help === true) return 'help';
  const options: Record<string, unknown> = {};
  for (const [key, [flag, envName]] of Object.entries(SOURCES)) {
    const raw = (values as Record<string, string | undefined>)[flag] ?? env[envName];
    if (raw === undefined || raw === '') continue;
    options[key] = typeof DEFAULTS[key as keyof ServerOptions] === 'number' ? parseNumber(flag, raw) : raw;
  }
  return options as Partial<ServerOptions>;
}

function parseNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(value)) {
    throw new ArenaError(ErrorCode.BAD_OPTION, `--${flag} must be an integer, got "${raw}"`);
  }
  return value;
}

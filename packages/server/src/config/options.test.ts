import { ArenaError, ErrorCode } from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { readCliOptions } from './cli';
import { DEFAULTS, resolveOptions } from './options';

describe('resolveOptions', () => {
  test('defaults are valid', () => {
    expect(resolveOptions()).toEqual(DEFAULTS);
  });

  test.each([
    ['tickRateHz', 9],
    ['tickRateHz', 129],
    ['tickRateHz', 60.5],
    ['port', 70000],
    ['maxPlayersPerRoom', 0],
    ['strategy', 'telepathy'],
    ['logLevel', 'loud'],
    ['messageRatePerS', 0],
    ['maxConnectionsPerIp', -1],
    ['maxOpenConnections', -1],
    ['maxOpenConnections', 1.5],
    ['reconnectGraceMs', 3_600_001],
    ['ackTimeoutMs', -1],
    ['ackTimeoutMs', 500],
    ['ackTimeoutMs', 600_001],
    ['ackTimeoutMs', 2500.5],
    ['roomUnjoinedMs', 0],
    ['roomUnjoinedMs', 99.5],
    ['maxEmptyRoomsPerIp', -1],
    ['maxEmptyRoomsPerIp', 10_001],
    ['outboundSkipBytes', 512],
    ['allowedOrigins', 'evil.example'],
    ['allowedOrigins', 'https://ok.example, ftp://no.example'],
    ['trustedAddresses', 'localhost'],
    ['trustProxy', 'proxy.example'],
    ['trustProxy', '10.0.0.0/33'],
    ['tlsCert', 'cert.pem'],
    ['ioPath', 'sleep'],
    ['transport', 'udp'],
  ])('refuses %s = %s with BAD_OPTION', (key, value) => {
    const attempt = () => resolveOptions({ [key]: value } as never);
    expect(attempt).toThrow(ArenaError);
    try {
      attempt();
    } catch (error) {
      expect((error as ArenaError).code).toBe(ErrorCode.BAD_OPTION);
      expect((error as Error).message).toContain(key);
    }
  });

  test('refuses unknown options', () => {
    expect(() => resolveOptions({ tickrate: 60 } as never)).toThrow(/unknown option/);
  });

  test('the outbound limits must leave room between skipping snapshots and dropping the client', () => {
    expect(() => resolveOptions({ outboundSkipBytes: 65_536, outboundMaxBytes: 65_536 })).toThrow(
      /outboundMaxBytes must be larger than outboundSkipBytes/,
    );
    expect(resolveOptions({ allowedOrigins: '*' }).allowedOrigins).toBe('*');
  });

  test('hardening limits have safe defaults: limited, but never below an honest client', () => {
    expect(DEFAULTS.maxPacketBytes).toBeLessThan(1024 * 1024);
    expect(DEFAULTS.messageRatePerS).toBeGreaterThanOrEqual(2 * 60); // inputs at 60 Hz plus pings and chat
    expect(DEFAULTS.maxConnectionsPerIp).toBeGreaterThan(0);
    expect(DEFAULTS.allowedOrigins).toBe('');
    expect(DEFAULTS.trustProxy).toBe(''); // no X-Forwarded-For believed unless the operator says whose
    expect(DEFAULTS.reconnectGraceMs).toBe(10_000);
    expect(DEFAULTS.ackTimeoutMs).toBe(10_000); // ten times the interval of an idle client's ack
    // a room nobody joined closes within seconds, and an address holds only a few of them
    expect(DEFAULTS.roomUnjoinedMs).toBe(5000);
    expect(DEFAULTS.maxEmptyRoomsPerIp).toBe(3);
  });

  test('ackTimeoutMs 0 turns the acknowledgement check off; the flag and ARENA_ACK_TIMEOUT_MS set it', () => {
    expect(resolveOptions({ ackTimeoutMs: 0 }).ackTimeoutMs).toBe(0);
    expect(readCliOptions(['--ack-timeout-ms', '4000'], {})).toEqual({ ackTimeoutMs: 4000 });
    expect(readCliOptions([], { ARENA_ACK_TIMEOUT_MS: '0' })).toEqual({ ackTimeoutMs: 0 });
  });
});

describe('readCliOptions', () => {
  test('flags win over environment variables', () => {
    expect(
      readCliOptions(['--port', '4000', '--tick-rate', '30'], { PORT: '5000', ARENA_MAX_PLAYERS: '8' }),
    ).toEqual({
      port: 4000,
      tickRateHz: 30,
      maxPlayersPerRoom: 8,
    });
  });

  test('the squatting limits have flags and environment variables', () => {
    expect(readCliOptions(['--room-unjoined-ms', '2000'], { ARENA_MAX_EMPTY_ROOMS_PER_IP: '5' })).toEqual({
      roomUnjoinedMs: 2000,
      maxEmptyRoomsPerIp: 5,
    });
    expect(readCliOptions([], { ARENA_ROOM_UNJOINED_MS: '1000' })).toEqual({ roomUnjoinedMs: 1000 });
  });

  test('non-numeric numbers and unknown flags are errors', () => {
    expect(() => readCliOptions(['--port', 'abc'], {})).toThrow(/--port must be an integer/);
    expect(() => readCliOptions(['--colour', 'red'], {})).toThrow();
  });

  test('a retired option, as a flag or in the environment, names what replaced it', () => {
    expect(() => readCliOptions(['--wait-between-ticks', 'sleep'], {})).toThrow(/retired; use --io-path/);
    expect(() => readCliOptions(['--wait-between-ticks=sleep'], {})).toThrow(/retired; use --io-path/);
    expect(() => readCliOptions([], { ARENA_WAIT_BETWEEN_TICKS: 'sleep' })).toThrow(/ARENA_IO_PATH/);
    expect(readCliOptions(['--io-path', 'event-loop'], {})).toEqual({ ioPath: 'event-loop' });
  });

  test('rooms take the WebSocket only unless --transport (ARENA_TRANSPORT) says datagram', () => {
    expect(DEFAULTS.transport).toBe('websocket');
    expect(readCliOptions(['--transport', 'datagram'], {})).toEqual({ transport: 'datagram' });
    expect(readCliOptions([], { ARENA_TRANSPORT: 'datagram' })).toEqual({ transport: 'datagram' });
    expect(resolveOptions({ transport: 'datagram' }).transport).toBe('datagram');
  });

  test('a "--" passed through by pnpm is ignored', () => {
    expect(readCliOptions(['--', '--port', '4001'], {})).toEqual({ port: 4001 });
  });

  test('--help', () => {
    expect(readCliOptions(['--help'], {})).toBe('help');
  });
});

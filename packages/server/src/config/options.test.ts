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

  test('non-numeric numbers and unknown flags are errors', () => {
    expect(() => readCliOptions(['--port', 'abc'], {})).toThrow(/--port must be an integer/);
    expect(() => readCliOptions(['--colour', 'red'], {})).toThrow();
  });

  test('a "--" passed through by pnpm is ignored', () => {
    expect(readCliOptions(['--', '--port', '4001'], {})).toEqual({ port: 4001 });
  });

  test('--help', () => {
    expect(readCliOptions(['--help'], {})).toBe('help');
  });
});

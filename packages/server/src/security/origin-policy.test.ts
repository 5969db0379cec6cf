import { describe, expect, test } from 'vitest';
import { checkOrigin, parseAllowedOrigins } from './origin-policy';

describe('origin policy', () => {
  test('parses the allowedOrigins option', () => {
    expect(parseAllowedOrigins('')).toEqual(new Set());
    expect(parseAllowedOrigins('*')).toBe('any');
    expect(parseAllowedOrigins('https://Play.Example.com, http://localhost:5173')).toEqual(
      new Set(['https://play.example.com', 'http://localhost:5173']),
    );
    for (const bad of ['play.example.com', 'https://x.com/path', 'ftp://x.com', 'https://a.com,nope']) {
      expect(parseAllowedOrigins(bad)).toBeUndefined();
    }
  });

  test('allows clients without an Origin, the server’s own origin and listed ones; refuses the rest', () => {
    const listed = parseAllowedOrigins('https://play.example.com')!;
    expect(checkOrigin(undefined, 'arena.example.com', listed)).toBeUndefined();
    expect(checkOrigin('https://arena.example.com', 'arena.example.com', listed)).toBeUndefined();
    expect(checkOrigin('http://localhost:5173', 'localhost:5173', listed)).toBeUndefined(); // dev proxy keeps Host
    expect(checkOrigin('https://play.example.com', 'arena.example.com', listed)).toBeUndefined();
    expect(checkOrigin('https://evil.example', 'arena.example.com', listed)).toMatch(/may not connect/);
    expect(checkOrigin('https://arena.example.com:8443', 'arena.example.com', listed)).toMatch(
      /may not connect/,
    );
    expect(checkOrigin('null', 'arena.example.com', listed)).toMatch(/not a web origin/);
    expect(checkOrigin('https://evil.example', 'arena.example.com', 'any')).toBeUndefined();
  });
});

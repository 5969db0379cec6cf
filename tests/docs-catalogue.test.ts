import { readFileSync } from 'node:fs';
import { ErrorCode } from '@arena/protocol';
import { expect, test } from 'vitest';

const doc = readFileSync(new URL('../docs/errors.md', import.meta.url), 'utf8');
const documented = [...doc.matchAll(/^\| `(ARENA_ERR_[A-Z_]+)`\s*\|/gm)].map((match) => match[1]);

test('docs/errors.md has exactly one row per error code, in catalogue order', () => {
  expect(documented).toEqual(Object.values(ErrorCode));
});

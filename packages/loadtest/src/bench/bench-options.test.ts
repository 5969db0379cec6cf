import { isAbsolute, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { parseBenchArgs } from './bench-options';

test('--peers-dir and --out-dir are made absolute: the peers run from a folder of their own', () => {
  const options = parseBenchArgs(['--peers-dir', '../shared/peers', '--out-dir', 'bench/results']);
  if (options === 'help') throw new Error('unexpected help');
  expect(options.peersDir).toBe(resolve('../shared/peers'));
  expect(options.outDir).toBe(resolve('bench/results'));
  const defaults = parseBenchArgs([]);
  if (defaults === 'help') throw new Error('unexpected help');
  expect(isAbsolute(defaults.peersDir) && isAbsolute(defaults.outDir)).toBe(true);
});

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

// A static scan of the server's imports: a quick, early check of the boundaries that
// tests/single-process-modules.test.ts proves at run time (it watches what a process loads).
const SRC = fileURLToPath(new URL('.', import.meta.url));

interface StaticImport {
  readonly file: string;
  readonly from: string;
  /** `import type ...`: erased at compile time, loads nothing. */
  readonly isTypeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function staticImports(): StaticImport[] {
  const pattern = /^(?:import|export)(\s+type)?\b[^;'"]*?\bfrom\s+'([^']+)'/gms;
  return sourceFiles(SRC).flatMap((path) =>
    [...readFileSync(path, 'utf8').matchAll(pattern)].map((match) => ({
      file: relative(SRC, path),
      from: match[2]!,
      isTypeOnly: match[1] !== undefined,
    })),
  );
}

const imports = staticImports();

test('the scan finds the imports it is about', () => {
  expect(imports.some((i) => i.file === 'app/create-server.ts' && i.from === 'fastify')).toBe(true);
  expect(imports.some((i) => i.file.startsWith('cluster') && i.from === 'ioredis')).toBe(true);
});

test('only cluster/ loads cluster or Redis code: everything else imports it by type or dynamically', () => {
  const loading = imports.filter(
    (i) =>
      !i.file.startsWith('cluster/') &&
      !i.isTypeOnly &&
      (/(^|\/)cluster\//.test(i.from) || i.from === 'ioredis' || i.from === '@socket.io/redis-adapter'),
  );
  expect(loading).toEqual([]);
});

test('rooms/ knows neither recordings nor replays nor the cluster: they plug in at the composition root', () => {
  const reaching = imports.filter(
    (i) => i.file.startsWith('rooms/') && /\.\.\/(replay|cluster)\//.test(i.from),
  );
  expect(reaching).toEqual([]);
});

test('node-datachannel is named only in transport/datagram/, and by type only: the native addon loads on a first offer', () => {
  const naming = imports.filter((i) => i.from === 'node-datachannel');
  expect(naming.length).toBeGreaterThan(0);
  expect(naming.filter((i) => !i.file.startsWith('transport/datagram/') || !i.isTypeOnly)).toEqual([]);
});

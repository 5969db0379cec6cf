// `pnpm build` for the server: the TypeScript of @arena/server and the workspace packages it
// imports (@arena/protocol) bundled by esbuild into plain JavaScript in packages/server/dist, so
// production runs no TypeScript loader. Every other package stays an import, resolved from
// node_modules at run time as before; the cluster code stays a chunk of its own, loaded only by a
// node given a Redis URL (tests/single-process-modules.test.ts).
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;

/** Bare imports outside the workspace stay imports; `@arena/*` is bundled from its source. */
const externalPackages = {
  name: 'external-packages',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@arena/') ? undefined : { path: args.path, external: true },
    );
  },
};

await rm(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: {
    'arena-server': 'src/main.ts',
    arena: 'src/arena-cli.ts',
    'start-cluster': 'src/cluster/start-cluster.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  plugins: [externalPackages],
});
const files = Object.keys(result.metafile.outputs).filter((file) => file.endsWith('.mjs'));
console.log(`server: ${files.length} files in ${outdir}`);

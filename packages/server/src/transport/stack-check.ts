import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { isWsReceiver } from './stack-internals';

/**
 * The start-up half of the stack adapter (stack-internals.ts holds the per-connection half): the
 * versions of Node, Socket.IO, engine.io and ws the fast path was written for, and a probe of ws's
 * parser and frame writer, so that a stack that differs sends every connection to Socket.IO's
 * standard path before any player connects (docs/netcode.md, "Upgrading the stack").
 */

/** The versions stack-internals.ts was written and tested against. */
export const WRITTEN_FOR = {
  node: '>=20.11.0 <25.0.0',
  'socket.io': '>=4.7.0 <5.0.0',
  'engine.io': '>=6.5.0 <7.0.0',
  ws: '>=8.17.0 <9.0.0',
} as const;

export type StackPackage = keyof typeof WRITTEN_FOR;

/** What `checkStack` found: the installed versions, and whether the fast path may be used. */
export interface StackCheck {
  readonly versions: Readonly<Record<StackPackage, string>>;
  /** Why the process takes the standard path; undefined when the fast path may be used. */
  readonly problem: string | undefined;
}

/**
 * Checks the installed stack at start: versions within WRITTEN_FOR, and ws's frame parser and
 * writer shaped as the fast path reads them. `versions` overrides what is installed (tests).
 */
export function checkStack(versions: Partial<Record<StackPackage, string>> = {}): StackCheck {
  const installed = { ...installedVersions(), ...versions };
  for (const [name, range] of Object.entries(WRITTEN_FOR) as [StackPackage, string][]) {
    if (!semver.satisfies(installed[name], range)) {
      return {
        versions: installed,
        problem: `${name} ${installed[name]} is outside the range the fast path was written for (${range})`,
      };
    }
  }
  return { versions: installed, problem: probeWs() };
}

/**
 * Where the packages the fast path reads are installed: socket.io as this package resolves it,
 * engine.io as socket.io does, ws as engine.io does (neither is a dependency of this package, and
 * a strict installer such as pnpm does not let it resolve them itself).
 */
function stackPackageJsons(): { socketIo: string; engineIo: string; ws: string } {
  const socketIo = packageJsonPath(createRequire(import.meta.url), 'socket.io');
  const engineIo = packageJsonPath(createRequire(socketIo), 'engine.io');
  const ws = packageJsonPath(createRequire(engineIo), 'ws');
  return { socketIo, engineIo, ws };
}

/** The versions of the packages the fast path reads, as installed. */
function installedVersions(): Record<StackPackage, string> {
  const paths = stackPackageJsons();
  const versionOf = (path: string) => (createRequire(import.meta.url)(path) as { version: string }).version;
  return {
    node: process.versions.node,
    'socket.io': versionOf(paths.socketIo),
    'engine.io': versionOf(paths.engineIo),
    ws: versionOf(paths.ws),
  };
}

/** The package.json of `name` as `require` resolves it (walking up from its main file). */
function packageJsonPath(require: NodeJS.Require, name: string): string {
  let dir = dirname(require.resolve(name));
  for (;;) {
    const candidate = join(dir, 'package.json');
    try {
      if ((require(candidate) as { name?: string }).name === name) return candidate;
    } catch {
      // no package.json at this level: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json found for ${name}`);
    dir = parent;
  }
}

/** Builds one of ws's parsers and checks what the fast path reads of it and of its writer. */
function probeWs(): string | undefined {
  const { Receiver, Sender } = createRequire(stackPackageJsons().engineIo)('ws') as {
    Receiver?: unknown;
    Sender?: unknown;
  };
  if (typeof Receiver !== 'function' || typeof Sender !== 'function') {
    return 'ws no longer exports Receiver and Sender';
  }
  const receiver: unknown = new (Receiver as new (options: object) => unknown)({ maxPayload: 1024 });
  if (!isWsReceiver(receiver)) return "ws's Receiver has another shape";
  const senderPrototype: unknown = Sender.prototype;
  if (typeof (senderPrototype as { sendFrame?: unknown } | undefined)?.sendFrame !== 'function') {
    return "ws's Sender has no sendFrame";
  }
  return undefined;
}

import { createRequire } from 'node:module';
import type { Server as NetServer, Socket } from 'node:net';
import { dirname, join } from 'node:path';
import semver from 'semver';
import { isWsReceiver } from './stack-internals';

/**
 * The start-up half of the stack adapter (stack-internals.ts holds the per-connection half): the
 * versions of Node, Socket.IO, engine.io and ws the fast path was written for, and a probe of ws's
 * parser and frame writer, so that a stack that differs sends every connection to Socket.IO's
 * standard path before any player connects (docs/netcode.md, "Upgrading the stack"); and the gate
 * put in front of Node's HTTP server's handling of new TCP connections, checked as it is put.
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

// ---- Node's HTTP server ----

/**
 * Puts `admit` in front of everything that handles a new TCP connection to `server`, Node's HTTP
 * parser included. Node's http.Server takes each connection in a "connection" listener it adds
 * when it is built (documented only as an event one may emit to inject a connection), so the
 * listeners found now are called only for the connections `admit` lets through: a refused one is
 * never parsed, not even the bytes it already sent. Returns why not when the server has no such
 * listener: `admit` then runs before the server's own handling, with `mayAnswer` false (a refused
 * connection is closed without an answer). `mayAnswer` false is also for a TLS server: a plain HTTP
 * answer cannot go before the TLS handshake.
 */
export function gateConnections(
  server: NetServer,
  admit: (socket: Socket, mayAnswer: boolean) => boolean,
  mayAnswer = true,
): string | undefined {
  const handlers = server.listeners('connection') as ((socket: Socket) => void)[];
  if (handlers.length === 0) {
    server.prependListener('connection', (socket: Socket) => {
      admit(socket, false);
    });
    return 'the server has no "connection" listener to put the connection limits in front of';
  }
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    if (!admit(socket, mayAnswer)) return;
    for (const handler of handlers) handler.call(server, socket);
  });
  return undefined;
}

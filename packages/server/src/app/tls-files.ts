import { readFileSync } from 'node:fs';
import { ArenaError, ErrorCode } from '@arena/protocol';
import type { ServerOptions } from '../config/options';

/** The certificate and key Node's https server takes, read once at start. */
export interface TlsFiles {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/**
 * The `tlsCert` / `tlsKey` files, or undefined when TLS is off. A file that cannot be read stops
 * the server at start with BAD_OPTION (the binary prints why and exits 2), never at the first
 * handshake.
 */
export function readTlsFiles(options: Pick<ServerOptions, 'tlsCert' | 'tlsKey'>): TlsFiles | undefined {
  if (options.tlsCert === '') return undefined;
  return { cert: readOption('tlsCert', options.tlsCert), key: readOption('tlsKey', options.tlsKey) };
}

function readOption(name: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ArenaError(
      ErrorCode.BAD_OPTION,
      `${name}: cannot read "${path}" (${(error as Error).message})`,
    );
  }
}

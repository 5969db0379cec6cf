import { ArenaSocketDecoder, arenaSocketParser } from '@arena/protocol';
import { currentGuard } from './connection-guard';
import type { SocketPacket } from './engine-types';

/**
 * The server's Socket.IO decoder: Arena's one-frame decoder with the connection's guard in
 * front. A frame the guard drops (over the rate, too large) is never decoded; a frame that does
 * not decode is a strike with a code instead of a silent close; and a decoded packet reaches
 * Socket.IO only if the guard admits it (namespace "/", event "m", no acks).
 */
class GuardedDecoder extends ArenaSocketDecoder {
  override add(chunk: unknown): void {
    const guard = currentGuard();
    if (guard === undefined) {
      super.add(chunk);
      return;
    }
    if (guard.isDropping || guard.isDisconnecting) return;
    try {
      super.add(chunk);
    } catch (error) {
      guard.onMalformedFrame(error);
    }
  }

  override emit(event: string, packet: SocketPacket): this {
    const guard = currentGuard();
    if (event === 'decoded' && guard !== undefined && !guard.admit(packet)) return this;
    return super.emit(event, packet);
  }
}

/** Pass as the server's `parser`: wire-compatible with `arenaSocketParser` on the client. */
export const guardedSocketParser: typeof arenaSocketParser = {
  Encoder: arenaSocketParser.Encoder,
  Decoder: GuardedDecoder,
  protocol: arenaSocketParser.protocol,
};

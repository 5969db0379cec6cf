import { ArenaSocketDecoder, arenaSocketParser, type SocketPacket } from '@arena/protocol';
import type { ConnectionGuard } from './connection-guard';

/**
 * The server's Socket.IO parser: Arena's one-frame decoder with its connection's guard in front.
 * A frame the guard drops (over the rate, too large) is never decoded; a frame that does not
 * decode is a strike with a code instead of a silent close; and a decoded packet reaches Socket.IO
 * only if the guard admits it (namespace "/", event "m", no acks). Wire-compatible with
 * `arenaSocketParser` on the client.
 *
 * Socket.IO builds one decoder per engine.io connection, in its own "connection" listener
 * (stack-internals.ts lists that among what it relies on): the transport's listener runs just
 * before it and hands the connection's guard over with `nextConnection`, and the decoder takes it
 * when it is built. A decoder built without one refuses every frame.
 */
export class GuardedParser {
  /** Pass as Socket.IO's `parser` option. */
  readonly parser: typeof arenaSocketParser;
  private pending: ConnectionGuard | undefined;

  constructor() {
    const take = () => this.takePending();
    class GuardedDecoder extends ArenaSocketDecoder {
      private readonly guard = take();

      override add(chunk: unknown): void {
        const guard = this.guard;
        if (guard === undefined) throw new Error('no connection guard: this connection is refused');
        if (guard.isDropping || guard.isDisconnecting) return;
        try {
          super.add(chunk);
        } catch (error) {
          guard.onMalformedFrame(error);
        }
      }

      override emit(event: string, packet: SocketPacket): this {
        if (event === 'decoded' && !this.guard?.admit(packet)) return this;
        return super.emit(event, packet);
      }
    }
    this.parser = {
      Encoder: arenaSocketParser.Encoder,
      Decoder: GuardedDecoder,
      protocol: arenaSocketParser.protocol,
    };
  }

  /** The guard of the connection whose decoder Socket.IO builds next. */
  nextConnection(guard: ConnectionGuard): void {
    this.pending = guard;
  }

  /** True when a guard handed over was never taken: the stack no longer builds decoders as expected. */
  get isUnclaimed(): boolean {
    return this.pending !== undefined;
  }

  /** Forgets a guard nobody took. */
  clear(): void {
    this.pending = undefined;
  }

  private takePending(): ConnectionGuard | undefined {
    const guard = this.pending;
    this.pending = undefined;
    return guard;
  }
}

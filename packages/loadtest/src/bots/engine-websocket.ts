import type { Socket } from 'socket.io-client';
import { type RawReceiveHooks, takeOverReceive } from './raw-receive';
import type { NodeWebSocket } from './ws-bytes';

/** Engine.io-client internals the bot reaches into: its transport's WebSocket. */
interface EngineInternals {
  readonly transport?: { readonly ws?: NodeWebSocket; onData(data: string): void };
}

/** The engine.io transport under `socket` while it runs on a `ws` WebSocket; undefined otherwise. */
function wsTransport(socket: Socket | undefined): (EngineInternals['transport'] & object) | undefined {
  const engine = socket?.io.engine as unknown as EngineInternals | undefined;
  return engine?.transport?.ws ? engine.transport : undefined;
}

/** The `ws` WebSocket under a socket.io-client socket, where its bytes can be counted (ws-bytes.ts). */
export function engineWebSocket(socket: Socket | undefined): NodeWebSocket | undefined {
  return wsTransport(socket)?.ws;
}

/**
 * Takes the receive path of the socket's WebSocket over (raw-receive.ts), handing engine.io's small
 * text frames (pings) back to the client library; does nothing without a `ws` WebSocket.
 */
export function takeOverEngineReceive(
  socket: Socket | undefined,
  hooks: Omit<RawReceiveHooks, 'onSmallText'>,
): void {
  const transport = wsTransport(socket);
  if (!transport?.ws) return;
  takeOverReceive(transport.ws, { ...hooks, onSmallText: (text) => transport.onData(text) });
}

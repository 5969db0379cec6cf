import {
  arenaSocketParser,
  decodeServerMessage,
  encodeClientMessage,
  PROTOCOL_VERSION,
  type SocketPacket,
} from '@arena/protocol';
import WebSocket from 'ws';
import { refusalInBody } from '../bots/handshake-refusal';

export interface RawJoinOptions {
  readonly url: string;
  readonly roomId: string;
  readonly name: string;
  /** Limit from the WebSocket's opening to the welcome, ms. */
  readonly timeoutMs: number;
}

/** Socket.IO packet types this client meets (socket.io-parser's PacketType). */
const CONNECT = 0;
const CONNECT_ERROR = 4;

const connectFrames = new arenaSocketParser.Encoder().encode({ type: CONNECT, nsp: '/' });
const leaveFrame = encodeClientMessage({ type: 'leave' });

/**
 * One player's Socket.IO connect + join, as the game makes it (WebSocket transport, engine.io 4,
 * Arena's parser), written on `ws` directly rather than on socket.io-client: a join storm must
 * cost its client no more than it costs the server, or it times its own core. In 500 warm joins on
 * the project's 2-core VM, socket.io-client spent 1.1-1.3 ms of CPU per connect + join, this
 * client 0.6-0.7 ms, the server 0.5-0.6 ms.
 *
 * The steps: engine.io's open packet, then the namespace CONNECT (one binary frame, Arena's
 * parser), then the join; resolves on the welcome after sending "leave" and closing, rejects on
 * an Arena error message, a CONNECT_ERROR, a refused handshake (with the ARENA_ERR reason from
 * the HTTP body), an early close or the timeout.
 */
export function rawSocketIoJoin(options: RawJoinOptions): Promise<void> {
  const address = new URL('/socket.io/?EIO=4&transport=websocket', options.url.replace(/^http/, 'ws'));
  const ws = new WebSocket(address, { perMessageDeflate: false });
  const decoder = new arenaSocketParser.Decoder();
  return new Promise<void>((resolve, reject) => {
    let isSettled = false;
    const settle = (error?: Error) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      decoder.destroy();
      if (error === undefined) {
        ws.send(leaveFrame);
        ws.close();
        resolve();
      } else {
        ws.terminate();
        reject(error);
      }
    };
    const timer = setTimeout(
      () => settle(new Error(`no welcome within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );

    decoder.on('decoded', (packet: SocketPacket) => {
      if (packet.type === CONNECT) {
        ws.send(
          encodeClientMessage({
            type: 'join',
            protocolVersion: PROTOCOL_VERSION,
            name: options.name,
            roomId: options.roomId,
          }),
        );
      } else if (packet.type === CONNECT_ERROR) {
        settle(new Error(`connect_error: ${JSON.stringify(packet.data)}`));
      } else if (Array.isArray(packet.data) && packet.data[1] instanceof Uint8Array) {
        const message = decodeServerMessage(packet.data[1]);
        if (!message.ok) settle(new Error(`undecodable message: ${message.error.message}`));
        else if (message.value.type === 'welcome') settle();
        else if (message.value.type === 'error')
          settle(new Error(`${message.value.code}: ${message.value.message}`));
      }
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (isSettled) return;
      if (isBinary) {
        try {
          decoder.add(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
        } catch (error) {
          settle(error as Error);
        }
        return;
      }
      const text = data.toString();
      if (text.startsWith('0'))
        for (const frame of connectFrames) ws.send(frame); // engine.io open
      else if (text === '2') ws.send('3'); // engine.io ping
    });
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        settle(new Error(`connect_error: ${refusalInBody(body) ?? `HTTP ${response.statusCode}`}`)),
      );
      response.on('error', (error) => settle(error));
    });
    ws.on('error', (error) => settle(new Error(`connect_error: ${error.message}`)));
    ws.on('close', (code) => settle(new Error(`closed before the welcome (${code})`)));
  });
}

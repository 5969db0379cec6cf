import { arenaSocketParser, decodeServerMessage } from '@arena/protocol';
import WebSocket from 'ws';
import type { FuzzFrame } from './frames';

/** A raw engine.io WebSocket to the server: it sends whatever it is given and tallies the answers. */
export class FuzzConnection {
  /** Error codes the server answered with (Arena `error` messages). */
  readonly errors = new Map<string, number>();
  isOpen = false;
  isClosed = false;
  /** The server ended the connection (a close frame or the socket cut) rather than us. */
  closedByServer = false;
  /** Why the handshake was refused (the catalogue code leading the HTTP body), if it was. */
  handshakeRefusal: string | undefined;
  private isClosing = false;

  private constructor(private readonly ws: WebSocket) {
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer, isBinary: boolean) => this.onMessage(data, isBinary));
    ws.on('close', () => {
      this.isOpen = false;
      this.isClosed = true;
      if (!this.isClosing) this.closedByServer = true;
    });
    ws.on('error', () => {});
    ws.on('unexpected-response', (_request, response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        this.handshakeRefusal = /ARENA_ERR_[A-Z_]+/.exec(body)?.[0] ?? `HTTP ${response.statusCode}`;
        this.isClosed = true;
      });
      response.on('error', () => {});
    });
  }

  /** Opens a connection and, unless told not to, joins the "/" namespace. */
  static async open(baseUrl: string, joinNamespace: boolean): Promise<FuzzConnection> {
    const url = new URL('/socket.io/?EIO=4&transport=websocket', baseUrl.replace(/^http/, 'ws'));
    const connection = new FuzzConnection(new WebSocket(url, { perMessageDeflate: false }));
    await connection.until(() => connection.isOpen || connection.isClosed, 2000);
    if (connection.isOpen && joinNamespace) {
      for (const frame of new arenaSocketParser.Encoder().encode({ type: 0, nsp: '/' }))
        connection.ws.send(frame);
    }
    return connection;
  }

  send(frame: FuzzFrame): boolean {
    if (!this.isOpen || this.ws.readyState !== WebSocket.OPEN) return false;
    if (frame.kind === 'binary') this.ws.send(frame.bytes, { binary: true });
    else this.ws.send(frame.text, { binary: false });
    return true;
  }

  close(): void {
    this.isClosing = true;
    this.ws.terminate();
  }

  async until(predicate: () => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  private onMessage(data: Buffer, isBinary: boolean): void {
    if (!isBinary) {
      const text = data.toString();
      if (text.startsWith('0')) this.isOpen = true; // engine.io open
      if (text === '2') this.ws.send('3'); // answer the heartbeat like a client
      return;
    }
    const decoded = decodeServerMessage(new Uint8Array(data));
    if (decoded.ok && decoded.value.type === 'error') {
      this.errors.set(decoded.value.code, (this.errors.get(decoded.value.code) ?? 0) + 1);
    }
  }
}

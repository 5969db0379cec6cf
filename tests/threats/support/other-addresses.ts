import { once } from 'node:events';
import { type ClientRequest, request } from 'node:http';
import { connect, type Socket } from 'node:net';

/**
 * Loopback addresses other than 127.0.0.1: the whole of 127.0.0.0/8 is this machine, so a
 * connection from each of them is, to the server, a client on another machine.
 */
export const OTHER_ADDRESSES = ['127.0.0.2', '127.0.0.3', '127.0.0.4'] as const;

/** A bare TCP connection from `localAddress` that records what it is sent and whether it was closed. */
export class RawTcp {
  private text = '';
  isClosed = false;
  readonly closed: Promise<unknown>;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.text += chunk.toString('latin1');
    });
    socket.on('error', () => {});
    this.closed = once(socket, 'close').then(() => {
      this.isClosed = true;
    });
  }

  static async open(url: string, localAddress: string): Promise<RawTcp> {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(url).port), localAddress });
    const raw = new RawTcp(socket);
    await Promise.race([once(socket, 'connect'), raw.closed]);
    return raw;
  }

  /** Everything received so far, as text. */
  get received(): string {
    return this.text;
  }

  /** The JSON body of an HTTP answer received in full (after the blank line). */
  get body(): unknown {
    return JSON.parse(this.text.slice(this.text.indexOf('\r\n\r\n') + 4));
  }

  write(text: string): void {
    this.socket.write(text);
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** GET `path` on a connection of its own from `localAddress` (with `headers`): the status and body. */
export function getFrom(
  url: string,
  path: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { agent: false, localAddress, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** An engine.io polling handshake from `localAddress` (with `headers`) that goes no further: its session id. */
export async function pollingHandshake(
  url: string,
  localAddress: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const answer = await getFrom(url, '/socket.io/?EIO=4&transport=polling', localAddress, headers);
  if (answer.status !== 200) throw new Error(`handshake refused: ${answer.status} ${answer.body}`);
  return (JSON.parse(answer.body.slice(1)) as { sid: string }).sid;
}

/** One long poll on session `sid`, left waiting for the server's answer (which is ignored). */
export function pendingPoll(url: string, sid: string, localAddress: string): ClientRequest {
  const req = request(new URL(`/socket.io/?EIO=4&transport=polling&sid=${sid}`, url), {
    agent: false,
    localAddress,
  });
  req.on('error', () => {});
  req.on('response', (res) => res.resume());
  req.end();
  return req;
}

/** An HTTP answer: status, headers and the body parsed as JSON. */
export interface JsonAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: unknown;
}

/** POST `body` as JSON to `path` on a connection of its own from `localAddress`. */
export function postJsonFrom(
  url: string,
  path: string,
  localAddress: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<JsonAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, url),
      {
        method: 'POST',
        agent: false,
        localAddress,
        headers: { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as unknown }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

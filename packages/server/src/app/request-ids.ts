import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { ClientAddresses } from '../security/client-address';

/** A request id a trusted proxy may hand on: short, and nothing a log line could be confused by. */
const FORWARDED_ID = /^[\w.:-]{1,64}$/;

/**
 * One id per HTTP request, for the logs: Fastify's `genReqId`, and the id of the handshake a
 * Socket.IO connection was opened by, which the connection's log lines carry from then on (they
 * are not Fastify's requests: engine.io answers them before Fastify's router). Behind a trusted
 * proxy, its `X-Request-Id` is kept, so one id follows a player from the proxy's log to Arena's;
 * from anybody else the header is ignored. Otherwise: a random prefix per process and a counter.
 */
export class RequestIds {
  private readonly ids = new WeakMap<IncomingMessage, string>();
  private readonly prefix = randomBytes(3).toString('hex');
  private count = 0;

  constructor(private readonly addresses: ClientAddresses) {}

  readonly of = (request: IncomingMessage): string => {
    let id = this.ids.get(request);
    if (id === undefined) {
      id = this.forwarded(request) ?? `${this.prefix}-${(++this.count).toString(36)}`;
      this.ids.set(request, id);
    }
    return id;
  };

  private forwarded(request: IncomingMessage): string | undefined {
    const header = request.headers['x-request-id'];
    if (typeof header !== 'string' || !FORWARDED_ID.test(header)) return undefined;
    return this.addresses.isProxy(request.socket?.remoteAddress ?? '') ? header : undefined;
  }
}

import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

/** Answers that are not worth a line at info: probes, scrapes and the game's files. */
function isQuiet(request: FastifyRequest): boolean {
  const path = request.url.split('?', 1)[0]!;
  return path === '/healthz' || path === '/readyz' || path === '/metrics' || !path.startsWith('/api');
}

/**
 * Fastify's per-request log lines, made fit for production: one line per request instead of two
 * (none on arrival; one when it is answered: method, path, status, time and the client address,
 * with the request id every line of the request has), and health probes, `/metrics` and static
 * files at debug only, so a load balancer's probes and page loads do not fill the log. Errors keep
 * Fastify's own lines.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(
    error: Error | null | undefined,
    request: FastifyRequest,
    reply: FastifyReply,
  ): void {
    const entry = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ip: request.ip,
    };
    if (error) request.log.error({ ...entry, err: error }, 'request failed');
    else if (isQuiet(request)) request.log.debug(entry, 'request');
    else request.log.info(entry, 'request');
  }
}

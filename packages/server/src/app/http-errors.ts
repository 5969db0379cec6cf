import { ErrorCode } from '@arena/protocol';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './http-routes';

/**
 * Every HTTP failure answers JSON with a catalogue code: schema violations and bad JSON are 400
 * (BAD_OPTION / BAD_MESSAGE), oversized bodies 413, unknown routes 404, and anything unexpected
 * a logged 500 that reveals nothing internal.
 */
export function registerHttpErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      return reply.code(400).send(errorBody(ErrorCode.BAD_OPTION, `invalid request: ${error.message}`));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.code(413).send(errorBody(ErrorCode.PAYLOAD_TOO_LARGE, error.message));
    // @fastify/rate-limit has set retry-after already (security/http-rate-limit.ts)
    if (status === 429) return reply.code(429).send(errorBody(ErrorCode.RATE_LIMITED, error.message));
    if (status >= 400 && status < 500)
      return reply.code(status).send(errorBody(ErrorCode.BAD_MESSAGE, error.message));
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody(ErrorCode.INTERNAL, 'internal server error'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody(ErrorCode.BAD_MESSAGE, `no route ${request.method} ${request.url.slice(0, 100)}`)),
  );
}

/**
 * Fastify's `frameworkErrors` option: errors the router raises before any route or error handler
 * runs (a malformed URL, a path parameter over `maxParamLength`, 414) get the same JSON shape.
 */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 400;
  void reply.code(status).send(errorBody(ErrorCode.BAD_MESSAGE, error.message.slice(0, 200)));
}

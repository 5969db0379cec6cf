import { ErrorCode } from '@arena/protocol';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { normaliseAddress, type TrustedAddresses } from './trusted-addresses';

export interface HttpRateLimitOptions {
  /** Requests to /api per client address per minute. */
  readonly httpRatePerMin: number;
  /** POST /api/rooms per client address per minute (counted apart from the rest). */
  readonly roomCreateRatePerMin: number;
  /** Addresses these limits do not apply to (see trusted-addresses.ts). */
  readonly trustedAddresses?: TrustedAddresses;
  readonly refused?: (code: ErrorCode) => void;
}

const WINDOW_MS = 60_000;

const isRoomCreation = (request: FastifyRequest) =>
  request.method === 'POST' && request.url.split('?')[0] === '/api/rooms';

/**
 * Per-address limits on the HTTP API (@fastify/rate-limit, in memory, at most 5000 addresses
 * tracked): beyond them a request gets 429 with `retry-after` and a RATE_LIMITED JSON error
 * (http-errors.ts). Room creation has its own, lower budget. Health, readiness, metrics and the
 * game's static files are not limited: probes and page loads must never be refused by it.
 */
export async function registerHttpRateLimit(
  app: FastifyInstance,
  options: HttpRateLimitOptions,
): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    timeWindow: WINDOW_MS,
    allowList: (request) =>
      !request.url.startsWith('/api/') ||
      options.trustedAddresses?.has(normaliseAddress(request.ip)) === true,
    keyGenerator: (request) => `${request.ip}|${isRoomCreation(request) ? 'create' : 'api'}`,
    max: (request) => (isRoomCreation(request) ? options.roomCreateRatePerMin : options.httpRatePerMin),
    onExceeded: () => options.refused?.(ErrorCode.RATE_LIMITED),
    errorResponseBuilder: (request, context) => ({
      statusCode: context.statusCode,
      message: `${isRoomCreation(request) ? 'room creation' : 'API'} rate limit (${context.max} a minute) exceeded: retry in ${context.after}`,
    }),
  });
}

import {
  ErrorCode,
  NETWORK_PROFILE_NAMES,
  ROOM_ID_MAX_CHARS,
  SNAPSHOT_STRATEGIES,
  TICK_RATE_MAX_HZ,
  TICK_RATE_MIN_HZ,
} from '@arena/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { playbackStateSchema } from '../replay/replay-routes';
import type { CreateRoomRequest, RoomCreator, RoomDirectory } from '../rooms/room-directory';
import { ROOM_PAGE_DEFAULT, ROOM_PAGE_MAX, type RoomKind } from '../rooms/room-page';

export interface HttpRouteContext {
  readonly directory: RoomDirectory;
  readonly isAccepting: () => boolean;
  readonly startedAtMs: number;
  /** Who asks for a room: the client address, and whether it is exempt (trusted, or the admin token). */
  readonly creatorOf: (request: FastifyRequest) => RoomCreator;
  /**
   * `retry-after` of a create refused for the rooms its address holds empty, or past maxRooms:
   * by then rooms nobody joined have closed, s.
   */
  readonly emptyRoomsRetryAfterS: number;
  /** Counts a refusal (arena_refused_total). */
  readonly refused?: (code: ErrorCode) => void;
}

/** JSON Schema of one entry of GET /api/rooms (live, replay or, clustered, another node's room). */
export const roomInfoSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    mode: { type: 'string' },
    players: { type: 'integer' },
    // of players, the seats held for a rejoin after a dropped connection
    away: { type: 'integer' },
    maxPlayers: { type: 'integer' },
    tickRateHz: { type: 'integer' },
    snapshotRateHz: { type: 'integer' },
    strategy: { type: 'string' },
    lagCompensation: { type: 'boolean' },
    network: { type: 'string' },
    recording: { type: 'boolean' },
    // live rooms: the fighters server bots fill the room up to, and the seats bots hold now
    minFighters: { type: 'integer' },
    bots: { type: 'integer' },
    // replay rooms only: the recording played back and where playback stands
    replay: playbackStateSchema,
    // clustered only: the node that simulates the room and its base URL
    node: { type: 'string' },
    url: { type: 'string' },
  },
} as const;

/**
 * Query of GET /api/rooms: `limit` (1..ROOM_PAGE_MAX, default ROOM_PAGE_DEFAULT), `cursor` (the
 * `nextCursor` of the page before), `kind` (live or replay rooms only). Query values are strings
 * (no coercion), so numbers are checked by pattern; anything else is a 400.
 */
export const roomListQuerySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    limit: { type: 'string', pattern: `^(${ROOM_PAGE_MAX}|[1-9][0-9]?)$` },
    cursor: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]*$', maxLength: 64 },
    kind: { type: 'string', enum: ['live', 'replay'] },
  },
} as const;

/** JSON Schema of POST /api/rooms: unknown fields, wrong types and out-of-range values are 400s. */
export const createRoomBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    id: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]*$',
      maxLength: ROOM_ID_MAX_CHARS,
      not: { const: 'any' },
    },
    mode: { type: 'string', enum: ['arena', 'bench'] },
    tickRateHz: { type: 'integer', minimum: TICK_RATE_MIN_HZ, maximum: TICK_RATE_MAX_HZ },
    snapshotRateHz: { type: 'integer', minimum: 1, maximum: TICK_RATE_MAX_HZ },
    maxPlayers: { type: 'integer', minimum: 1, maximum: 1000 },
    seed: { type: 'integer', minimum: 0, maximum: 0xffff_ffff },
    strategy: { type: 'string', enum: [...SNAPSHOT_STRATEGIES.keys()] },
    lagCompensation: { type: 'boolean' },
    network: {
      oneOf: [
        { type: 'string', enum: ['none', ...NETWORK_PROFILE_NAMES] },
        {
          type: 'object',
          additionalProperties: false,
          required: ['latencyMs', 'jitterMs', 'lossPct', 'bandwidthKbps'],
          properties: {
            latencyMs: { type: 'number', minimum: 0, maximum: 2000 },
            jitterMs: { type: 'number', minimum: 0, maximum: 1000 },
            lossPct: { type: 'number', minimum: 0, maximum: 50 },
            bandwidthKbps: { type: 'number', minimum: 0, maximum: 10_000_000 },
          },
        },
      ],
    },
    record: { type: 'boolean' },
    minFighters: { type: 'integer', minimum: 0, maximum: 1000 },
  },
} as const;

/** Status for a directory refusal. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.TOO_MANY_ROOMS]: 429,
  [ErrorCode.SERVER_SHUTDOWN]: 503,
  [ErrorCode.BAD_OPTION]: 409,
  [ErrorCode.RATE_LIMITED]: 429,
  [ErrorCode.UNAUTHORIZED]: 403,
};

export async function registerHttpRoutes(app: FastifyInstance, context: HttpRouteContext): Promise<void> {
  app.get('/healthz', async () => ({
    status: 'ok',
    uptimeS: Math.round((Date.now() - context.startedAtMs) / 1000),
  }));

  app.get('/readyz', async (_request, reply) => {
    if (context.isAccepting()) return { status: 'ready', rooms: context.directory.size };
    return reply.code(503).send({ status: 'draining' });
  });

  app.get<{ Querystring: { limit?: string; cursor?: string; kind?: RoomKind } }>(
    '/api/rooms',
    {
      schema: {
        querystring: roomListQuerySchema,
        response: {
          200: {
            type: 'object',
            properties: {
              rooms: { type: 'array', items: roomInfoSchema },
              nextCursor: { type: 'string' },
            },
          },
        },
      },
    },
    async (request) => {
      const { limit, cursor, kind } = request.query;
      return context.directory.listPage({
        limit: limit === undefined ? ROOM_PAGE_DEFAULT : Number(limit),
        ...(cursor === undefined ? {} : { cursor }),
        ...(kind === undefined ? {} : { kind }),
      });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/rooms/:id/bytes',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: ROOM_ID_MAX_CHARS } } },
      },
    },
    async (request, reply) => {
      const room =
        context.directory.get(request.params.id) ?? context.directory.replays?.get(request.params.id);
      const elsewhere = room === undefined ? context.directory.locate?.(request.params.id) : undefined;
      if (elsewhere !== undefined) {
        return reply.redirect(
          `${elsewhere.url}/api/rooms/${encodeURIComponent(elsewhere.roomId)}/bytes`,
          307,
        );
      }
      if (room === undefined)
        return reply
          .code(404)
          .send(errorBody(ErrorCode.ROOM_NOT_FOUND, `no room "${request.params.id.slice(0, 40)}"`));
      const attribution = room.byteAttribution();
      if (attribution === undefined)
        return reply
          .code(409)
          .send(errorBody(ErrorCode.ROOM_NOT_FOUND, 'no snapshot sent yet: the room is empty'));
      return attribution;
    },
  );

  app.post<{ Body: CreateRoomRequest }>(
    '/api/rooms',
    {
      schema: {
        body: createRoomBodySchema,
        response: { 201: { type: 'object', properties: { room: roomInfoSchema } } },
      },
    },
    async (request, reply) => {
      if (!context.isAccepting()) {
        return reply.code(503).send(errorBody(ErrorCode.SERVER_SHUTDOWN, 'the server is shutting down'));
      }
      const body = request.body ?? {};
      const creator = context.creatorOf(request);
      const created = await (context.directory.createClaimed?.(body, creator) ??
        context.directory.create(body, creator));
      if (!created.ok) {
        const { code, message } = created.error;
        context.refused?.(code);
        if (code === ErrorCode.RATE_LIMITED || code === ErrorCode.TOO_MANY_ROOMS) {
          reply.header('retry-after', context.emptyRoomsRetryAfterS);
        }
        return reply.code(STATUS_BY_CODE[code] ?? 400).send(errorBody(code, message));
      }
      // Clustered, the listed entry also names this node and its URL.
      const listed = context.directory.list().find((room) => room.id === created.value.id);
      return reply.code(201).send({ room: listed ?? created.value.info() });
    },
  );
}

/** The JSON shape of every HTTP error: `{ error: { code, message } }`. */
export function errorBody(code: ErrorCode, message: string): { error: { code: ErrorCode; message: string } } {
  return { error: { code, message } };
}

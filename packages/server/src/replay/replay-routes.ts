import { ErrorCode as Codes, type ErrorCode, ROOM_ID_MAX_CHARS } from '@arena/protocol';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RECORDING_NAME_PATTERN } from './recording-library';
import { type PlaybackChange, REPLAY_SPEED_MAX, REPLAY_SPEED_MIN } from './replay-room';
import type { CreateReplayRequest, ReplayRooms } from './replay-rooms';

export interface ReplayRouteContext {
  readonly replays: ReplayRooms;
  readonly isAccepting: () => boolean;
  /** The room list entry schema of GET /api/rooms (a replay room is answered in the same shape). */
  readonly roomInfoSchema: object;
}

/** JSON schema of a replay's playback state (PlaybackState). */
export const playbackStateSchema = {
  type: 'object',
  properties: {
    roomId: { type: 'string' },
    recording: { type: 'string' },
    tick: { type: 'integer' },
    totalTicks: { type: 'integer' },
    tickRateHz: { type: 'integer' },
    paused: { type: 'boolean' },
    speed: { type: 'number' },
    spectators: { type: 'integer' },
    divergedAtTick: { type: ['integer', 'null'] },
  },
} as const;

const recordingInfoSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    roomId: { type: 'string' },
    mode: { type: 'string' },
    tickRateHz: { type: 'integer' },
    ticks: { type: 'integer' },
    durationS: { type: 'number' },
    sizeBytes: { type: 'integer' },
    startedAt: { type: 'string' },
    isComplete: { type: 'boolean' },
  },
} as const;

const roomIdParams = {
  type: 'object',
  properties: { id: { type: 'string', maxLength: ROOM_ID_MAX_CHARS } },
} as const;

/** HTTP status of each refusal these routes make. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  [Codes.BAD_OPTION]: 400,
  [Codes.RECORDING_NOT_FOUND]: 404,
  [Codes.ROOM_NOT_FOUND]: 404,
  [Codes.ROOM_CLOSED]: 409,
  [Codes.BAD_RECORDING]: 422,
  [Codes.TOO_MANY_ROOMS]: 429,
  [Codes.SERVER_SHUTDOWN]: 503,
};

/** `retry-after` of a replay refused past maxRooms, s: rooms nobody joined close within seconds. */
const TOO_MANY_ROOMS_RETRY_AFTER_S = 5;

/**
 * Recordings and replay rooms over HTTP: GET /api/recordings, POST /api/replays (a replay room
 * for a recording), GET /api/replays/:id and POST /api/replays/:id/playback (pause, speed,
 * seek). Spectators join a replay room with the ordinary socket `join`.
 */
export async function registerReplayRoutes(app: FastifyInstance, context: ReplayRouteContext): Promise<void> {
  const { replays } = context;

  app.get(
    '/api/recordings',
    {
      schema: {
        response: {
          200: { type: 'object', properties: { recordings: { type: 'array', items: recordingInfoSchema } } },
        },
      },
    },
    async () => ({ recordings: replays.library.list() }),
  );

  app.post<{ Body: CreateReplayRequest }>(
    '/api/replays',
    {
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['recording'],
          properties: {
            recording: { type: 'string', maxLength: 128, pattern: RECORDING_NAME_PATTERN },
            paused: { type: 'boolean' },
          },
        },
        response: { 201: { type: 'object', properties: { room: context.roomInfoSchema } } },
      },
    },
    async (request, reply) => {
      if (!context.isAccepting()) {
        return refuse(reply, Codes.SERVER_SHUTDOWN, 'the server is shutting down');
      }
      const created = replays.create(request.body);
      if (!created.ok) return refuse(reply, created.error.code, created.error.message);
      return reply.code(201).send({ room: created.value.info() });
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/replays/:id',
    {
      schema: {
        params: roomIdParams,
        response: { 200: { type: 'object', properties: { replay: playbackStateSchema } } },
      },
    },
    async (request, reply) => {
      const room = replays.get(request.params.id);
      if (room === undefined) return refuse(reply, Codes.ROOM_NOT_FOUND, noReplay(request.params.id));
      return { replay: room.playback() };
    },
  );

  app.post<{ Params: { id: string }; Body: PlaybackChange }>(
    '/api/replays/:id/playback',
    {
      schema: {
        params: roomIdParams,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            paused: { type: 'boolean' },
            speed: { type: 'number', minimum: REPLAY_SPEED_MIN, maximum: REPLAY_SPEED_MAX },
            tick: { type: 'integer', minimum: 0 },
          },
        },
        response: { 200: { type: 'object', properties: { replay: playbackStateSchema } } },
      },
    },
    async (request, reply) => {
      const room = replays.get(request.params.id);
      if (room === undefined) return refuse(reply, Codes.ROOM_NOT_FOUND, noReplay(request.params.id));
      const changed = room.control(request.body ?? {});
      if (!changed.ok) return refuse(reply, changed.error.code, changed.error.message);
      return { replay: changed.value };
    },
  );
}

function noReplay(id: string): string {
  return `no replay room "${id.slice(0, 40)}"`;
}

function refuse(reply: FastifyReply, code: ErrorCode, message: string): FastifyReply {
  if (code === Codes.TOO_MANY_ROOMS) reply.header('retry-after', TOO_MANY_ROOMS_RETRY_AFTER_S);
  return reply.code(STATUS_BY_CODE[code] ?? 400).send({ error: { code, message } });
}

import { ArenaError, ErrorCode, ROOM_ID_MAX_CHARS } from '@arena/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RoomDirectory } from '../rooms/room-directory';
import { carriesAdminToken } from '../security/admin-token';
import type { ClusterPlugin, NodeState, NodeSummary } from './cluster-plugin';
import { errorBody } from './http-routes';

/** Longest announcement, in characters. */
export const ANNOUNCEMENT_MAX_CHARS = 200;

export interface AdminRouteContext {
  /** '' turns the admin routes off. */
  readonly adminToken: string;
  readonly directory: RoomDirectory;
  /** Undefined in single-process mode: the routes then act on this process alone. */
  readonly cluster:
    | Pick<ClusterPlugin, 'nodeId' | 'isRedisUp' | 'nodes' | 'closeRemoteRoom' | 'relayAnnouncement'>
    | undefined;
  /** This process's own counts, for GET /api/cluster without a cluster. */
  readonly state: NodeState;
  /** Sends a notice to every player and lobby watcher of this node. */
  announceHere(text: string, level: 'info' | 'warn'): void;
}

/**
 * GET /api/cluster (the nodes and their counts) and the admin API. A single process answers for
 * itself; clustered, the admin API acts on the whole cluster from any node: DELETE /api/rooms/:id
 * closes a room wherever it runs, POST /api/announcements tells every player and lobby watcher
 * on every node.
 */
export async function registerAdminRoutes(app: FastifyInstance, context: AdminRouteContext): Promise<void> {
  app.get('/api/cluster', async () => {
    const cluster = context.cluster;
    const nodes: readonly NodeSummary[] =
      cluster === undefined
        ? [
            {
              nodeId: 'local',
              url: '',
              sessions: context.state.sessions(),
              lobbyWatchers: context.state.lobbyWatchers(),
              rooms: context.state.rooms(),
            },
          ]
        : cluster.nodes();
    return {
      mode: cluster === undefined ? 'single' : 'cluster',
      self: cluster?.nodeId ?? 'local',
      redis: cluster === undefined ? 'none' : cluster.isRedisUp ? 'up' : 'down',
      nodes: nodes.map((node) => ({
        id: node.nodeId,
        url: node.url,
        rooms: node.rooms.length,
        players: node.rooms.reduce((sum, room) => sum + room.players, 0),
        sessions: node.sessions,
        lobbyWatchers: node.lobbyWatchers,
      })),
    };
  });

  const admin = {
    preHandler: (request: FastifyRequest, reply: FastifyReply) =>
      checkAdmin(request, reply, context.adminToken),
  };

  app.delete<{ Params: { id: string } }>(
    '/api/rooms/:id',
    {
      ...admin,
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', maxLength: ROOM_ID_MAX_CHARS } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const reason = 'the room was closed by an administrator';
      const room = context.directory.get(id);
      if (room !== undefined && !room.isClosed) {
        room.close(ErrorCode.ROOM_CLOSED, reason);
        return { closed: id, node: context.cluster?.nodeId ?? 'local' };
      }
      const location = context.directory.locate?.(id);
      if (location !== undefined && context.cluster !== undefined) {
        try {
          if (await context.cluster.closeRemoteRoom(id, reason)) return { closed: id, node: location.node };
        } catch (error) {
          if (error instanceof ArenaError) return reply.code(503).send(errorBody(error.code, error.message));
          throw error;
        }
      }
      return reply.code(404).send(errorBody(ErrorCode.ROOM_NOT_FOUND, `no room "${id.slice(0, 40)}"`));
    },
  );

  app.post<{ Body: { text: string; level?: 'info' | 'warn' } }>(
    '/api/announcements',
    {
      ...admin,
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          required: ['text'],
          properties: {
            text: { type: 'string', minLength: 1, maxLength: ANNOUNCEMENT_MAX_CHARS },
            level: { type: 'string', enum: ['info', 'warn'] },
          },
        },
      },
    },
    async (request, reply) => {
      const { text, level = 'info' } = request.body;
      context.announceHere(text, level);
      const isRelayed = context.cluster?.relayAnnouncement(text, level) ?? false;
      const reach =
        context.cluster === undefined
          ? 'this server'
          : isRelayed
            ? 'cluster'
            : 'this node only: Redis is unreachable';
      return reply.code(202).send({ announced: text, reach });
    },
  );
}

/** Admin requests carry `Authorization: Bearer <adminToken>`; compared in constant time. */
async function checkAdmin(
  request: FastifyRequest,
  reply: FastifyReply,
  adminToken: string,
): Promise<FastifyReply | undefined> {
  if (adminToken === '') {
    return reply
      .code(403)
      .send(errorBody(ErrorCode.UNAUTHORIZED, 'the admin API is off: start the server with --admin-token'));
  }
  if (!carriesAdminToken(request.headers.authorization, adminToken)) {
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer')
      .send(errorBody(ErrorCode.UNAUTHORIZED, 'admin request without the right bearer token'));
  }
  return undefined;
}

/** Rooms a GET /api/rooms page holds when the request names no limit. */
export const ROOM_PAGE_DEFAULT = 50;
/** Most rooms one page may hold. */
export const ROOM_PAGE_MAX = 100;
/** Most rooms pushed to a lobby watcher at once (the room list message). */
export const LOBBY_ROOMS_MAX = 50;

/** Which rooms a page lists: live (played) rooms, replay rooms, or both. */
export type RoomKind = 'live' | 'replay';

/** One page of the room list: rooms by id, after `cursor` (an id, exclusive), at most `limit`. */
export interface RoomPageRequest {
  readonly limit: number;
  readonly cursor?: string;
  readonly kind?: RoomKind;
}

export interface RoomPage<T> {
  readonly rooms: T[];
  /** The cursor of the next page; absent on the last one. */
  readonly nextCursor?: string;
}

/**
 * The page of `rooms` after `cursor`, in id order. Ids are unique and never change, so paging
 * through a list that changes meanwhile never shows a room twice nor skips one that stayed.
 */
export function pageOfRooms<T extends { readonly id: string }>(
  rooms: Iterable<T>,
  { limit, cursor }: Pick<RoomPageRequest, 'limit' | 'cursor'>,
): RoomPage<T> {
  const after: T[] = [];
  for (const room of rooms) if (cursor === undefined || room.id > cursor) after.push(room);
  after.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const page = after.slice(0, limit);
  const last = page.at(-1);
  return after.length > limit && last !== undefined ? { rooms: page, nextCursor: last.id } : { rooms: page };
}

/** A room as the lobby weighs it: its seats and its connected players. */
export interface LobbyRoom {
  readonly id: string;
  readonly players: number;
  readonly maxPlayers: number;
  /** Of players, seats held for a rejoin. */
  readonly away?: number;
}

/**
 * The rooms pushed to lobby watchers, at most `max`: rooms with a free seat first, then by
 * connected players (most first: where the game is), then by id.
 */
export function lobbyRooms<T extends LobbyRoom>(rooms: readonly T[], max = LOBBY_ROOMS_MAX): T[] {
  const isFull = (room: T) => (room.players >= room.maxPlayers ? 1 : 0);
  const connected = (room: T) => room.players - (room.away ?? 0);
  return [...rooms]
    .sort(
      (a, b) =>
        isFull(a) - isFull(b) || connected(b) - connected(a) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    )
    .slice(0, max);
}

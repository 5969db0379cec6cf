import type { TransportName } from '@arena/protocol';
/** A room as GET /api/rooms lists it. */
export interface RoomListing {
  readonly id: string;
  readonly mode: string;
  readonly players: number;
  readonly maxPlayers: number;
  readonly tickRateHz: number;
  readonly snapshotRateHz: number;
  readonly strategy: string;
  /** Listed only for a room that offers datagrams. */
  readonly transport?: string;
}

/** What to do when the server refuses a room (many rooms from one address hit these first). */
const ROOM_CREATE_HINTS: Readonly<Record<number, string>> = {
  403: ' (hint: bench rooms are for trusted addresses: start the server with --trusted-addresses 127.0.0.1,::1)',
  429: ' (hint: the server limits room creations per address: start it with --trusted-addresses 127.0.0.1,::1; ARENA_ERR_TOO_MANY_ROOMS: it runs its most rooms already, start it with a larger --max-rooms)',
  503: ' (hint: the server is shutting down)',
};

/** Most seats the server lets a room have (POST /api/rooms schema). */
const ROOM_SEATS_MAX = 1000;

/** Pages of GET /api/rooms read at most: 100 rooms each, more than any server's --max-rooms. */
const MAX_ROOM_PAGES = 101;

/** Every room of GET /api/rooms, page by page (100 a page, in id order). */
export async function listRooms(baseUrl: string): Promise<RoomListing[]> {
  const rooms: RoomListing[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_ROOM_PAGES; page++) {
    const url = new URL('/api/rooms', baseUrl);
    url.searchParams.set('limit', '100');
    if (cursor !== undefined) url.searchParams.set('cursor', cursor);
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`GET /api/rooms answered ${response.status}`);
    const body = (await response.json()) as { rooms?: RoomListing[]; nextCursor?: string };
    rooms.push(...(body.rooms ?? []));
    cursor = body.nextCursor;
    if (cursor === undefined) break;
  }
  return rooms;
}

/**
 * The room the run uses: an existing one with this id (which must tick at `tickHz` and seat
 * `seats`), or, when `create`, a new reference-scenario room (mode "bench", one snapshot per tick).
 */
export async function ensureBenchRoom(
  baseUrl: string,
  roomId: string,
  tickHz: number,
  seats: number,
  create: boolean,
  strategy?: string,
  transport?: TransportName,
): Promise<RoomListing> {
  const existing = (await listRooms(baseUrl)).find((room) => room.id === roomId);
  if (existing) {
    if (existing.tickRateHz !== tickHz) {
      throw new Error(
        `room "${roomId}" ticks at ${existing.tickRateHz} Hz, not ${tickHz}: pick another --room or restart the server`,
      );
    }
    if (existing.maxPlayers < seats) {
      throw new Error(`room "${roomId}" seats ${existing.maxPlayers}, fewer than ${seats} bots`);
    }
    if (strategy !== undefined && existing.strategy !== strategy) {
      throw new Error(`room "${roomId}" uses the "${existing.strategy}" strategy, not "${strategy}"`);
    }
    if (transport === 'datagram' && existing.transport !== 'datagram') {
      throw new Error(`room "${roomId}" does not offer datagrams: pick another --room`);
    }
    return existing;
  }
  if (!create) throw new Error(`the server has no room "${roomId}" (and --no-create-room was given)`);
  const response = await fetch(new URL('/api/rooms', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: roomId,
      mode: 'bench',
      tickRateHz: tickHz,
      snapshotRateHz: tickHz,
      // As many seats as a room may have: a find-max walk reuses the room at larger N.
      maxPlayers: Math.max(seats, ROOM_SEATS_MAX),
      ...(strategy === undefined ? {} : { strategy }),
      ...(transport === 'datagram' ? { transport } : {}),
    }),
    signal: AbortSignal.timeout(5000),
  });
  if (response.status !== 201) {
    throw new Error(
      `POST /api/rooms answered ${response.status}: ${await response.text()}${ROOM_CREATE_HINTS[response.status] ?? ''}`,
    );
  }
  return ((await response.json()) as { room: RoomListing }).room;
}

/** Waits until the room has no players (a previous run's bots gone); false on timeout. */
export async function waitRoomEmpty(baseUrl: string, roomId: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const room = (await listRooms(baseUrl)).find((r) => r.id === roomId);
    if (!room || room.players === 0) return true;
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * SCENARIO.md's "Many rooms": N players in ceil(N / S) rooms of S, bot i in room floor(i / S)
 * (the last room takes the remainder), observers spread over evenly spaced rooms.
 */

/** Longest room id the server accepts (POST /api/rooms). */
const ROOM_ID_MAX_CHARS = 32;

/** Rooms of a run of `bots` players in rooms of `roomSize` (undefined: one room). */
export function roomCount(bots: number, roomSize: number | undefined): number {
  return roomSize === undefined ? 1 : Math.max(1, Math.ceil(bots / roomSize));
}

/** The room of bot `index`: floor(i / S), or 0 with one room. */
export function roomOfBot(index: number, roomSize: number | undefined): number {
  return roomSize === undefined ? 0 : Math.floor(index / roomSize);
}

/** Players in room `room` of `rooms`: S, except the last, which takes the remainder. */
export function playersInRoom(room: number, bots: number, roomSize: number | undefined): number {
  if (roomSize === undefined) return bots;
  return Math.max(0, Math.min(roomSize, bots - room * roomSize));
}

/** Room ids "<base>-0" .. "<base>-<rooms-1>", the base cut so every id fits the server's limit. */
export function manyRoomIds(base: string, rooms: number): string[] {
  const suffixChars = `-${rooms - 1}`.length;
  const stem = base.slice(0, ROOM_ID_MAX_CHARS - suffixChars);
  return Array.from({ length: rooms }, (_, k) => `${stem}-${k}`);
}

/**
 * Which bots observe (SCENARIO.md, as the peers' botkit picks them): the first K with one room;
 * with several, the first bot of min(K, rooms) evenly spaced rooms (K = 10 of 30 rooms: rooms 0,
 * 3, 6, ... 27), then, when K > rooms, the second bot of each room, and so on.
 */
export function observerIndices(bots: number, roomSize: number | undefined, observers: number): Set<number> {
  const rooms = roomCount(bots, roomSize);
  const k = Math.min(observers, bots);
  if (rooms <= 1 || roomSize === undefined) return new Set(Array.from({ length: k }, (_, i) => i));
  const spread = Math.min(k, rooms);
  const order: number[] = [];
  for (let j = 0; j < spread; j++) order.push(Math.floor((j * rooms) / spread));
  for (let r = 0; r < rooms; r++) if (!order.includes(r)) order.push(r);
  const picked = new Set<number>();
  for (let slot = 0; slot < roomSize && picked.size < k; slot++) {
    for (const room of order) {
      const index = room * roomSize + slot;
      if (index < bots && picked.size < k) picked.add(index);
    }
  }
  return picked;
}

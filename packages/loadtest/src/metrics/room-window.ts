import type { ServerScrape, ServerWindow } from './server-scrape';
import { serverWindow } from './server-scrape';

/** One room's figures over a window. */
export interface RoomWindow {
  readonly id: string;
  readonly ticks: number;
  readonly tickHz: number;
  /** The room's own p99 over its last 1024 ticks at the window's end, ms (undefined: room gone). */
  readonly tickMsP99: number | undefined;
}

/** A window of one server running several rooms of a run (SCENARIO.md, "Many rooms"). */
export interface ManyRoomsWindow extends ServerWindow {
  readonly rooms: readonly RoomWindow[];
  /** The slowest room's ticks / duration: the run holds T when this does. */
  readonly worstRoomTickHz: number;
  /** The highest of the rooms' own tick p99s, ms, and its room. */
  readonly worstRoomTickMsP99: number | undefined;
  readonly worstRoomTickP99Id: string | undefined;
}

/**
 * The window [a, b] over the rooms `roomIds` of one server. `ticks` and `tickHz` are the mean over
 * the rooms (so CPU per client-tick stays server CPU / (N x mean room ticks)); tick p50/p99 stay
 * the server histogram's, i.e. over the ticks of all rooms. A room missing from a scrape counts
 * from 0 (created after `a`) or as having ticked nothing more (closed before `b`).
 */
export function roomsWindow(a: ServerScrape, b: ServerScrape, roomIds: readonly string[]): ManyRoomsWindow {
  const base = serverWindow(a, b);
  const rooms = roomIds.map((id): RoomWindow => {
    const end = b.roomFigures.get(id);
    const start = a.roomFigures.get(id)?.ticks ?? 0;
    const ticks = end === undefined ? 0 : Math.max(0, end.ticks - start);
    const p99 = end?.tickP99Seconds;
    return {
      id,
      ticks,
      tickHz: ticks / base.durationS,
      tickMsP99: p99 === undefined ? undefined : p99 * 1000,
    };
  });
  const meanTicks = rooms.reduce((sum, room) => sum + room.ticks, 0) / Math.max(1, rooms.length);
  let worstP99: RoomWindow | undefined;
  for (const room of rooms) {
    if (room.tickMsP99 !== undefined && (worstP99 === undefined || room.tickMsP99 > worstP99.tickMsP99!))
      worstP99 = room;
  }
  return {
    ...base,
    ticks: meanTicks,
    tickHz: meanTicks / base.durationS,
    rooms,
    worstRoomTickHz: rooms.length === 0 ? 0 : Math.min(...rooms.map((room) => room.tickHz)),
    worstRoomTickMsP99: worstP99?.tickMsP99,
    worstRoomTickP99Id: worstP99?.id,
  };
}

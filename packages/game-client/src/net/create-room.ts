import type { ErrorCode, RoomSummary, TransportName } from '@arena/protocol';

/** The fields of POST /api/rooms the front page's custom room section offers. */
export interface CreateRoomRequest {
  readonly id?: string;
  readonly tickRateHz?: number;
  /** At most the tick rate; omitted means one snapshot per tick. */
  readonly snapshotRateHz?: number;
  readonly maxPlayers?: number;
  /** A simulated network profile for everyone in the room ("none", "wifi", "4g", "bad-wifi"). */
  readonly network?: string;
  /** Write the match to the server's recordings (listed under Recordings, "recording…" while it plays). */
  readonly record?: boolean;
  /** Bots fill the room up to this many fighters (0: none); omitted, the server's default applies. */
  readonly minFighters?: number;
  /** "datagram": players may move snapshots and inputs to a WebRTC DataChannel (the page then offers one). */
  readonly transport?: TransportName;
}

export type CreateRoomResult =
  | { readonly ok: true; readonly room: RoomSummary }
  | { readonly ok: false; readonly code: ErrorCode | 'NETWORK'; readonly message: string };

/** Creates a room through the HTTP API of the server that served the page. */
export async function createRoom(request: CreateRoomRequest, baseUrl = ''): Promise<CreateRoomResult> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}/api/rooms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (error) {
    return { ok: false, code: 'NETWORK', message: `the server could not be reached (${String(error)})` };
  }
  const body = (await response.json().catch(() => ({}))) as {
    room?: RoomSummary;
    error?: { code: ErrorCode; message: string };
  };
  if (response.ok && body.room !== undefined) return { ok: true, room: body.room };
  return {
    ok: false,
    code: body.error?.code ?? 'NETWORK',
    message: body.error?.message ?? `the server answered ${response.status}`,
  };
}

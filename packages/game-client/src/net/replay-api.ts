import type {
  ByteAttribution,
  ErrorCode,
  PlaybackChange,
  PlaybackState,
  RecordingInfo,
} from '@arena/protocol';

/** A match recording as GET /api/recordings lists it. */
export type RecordingSummary = RecordingInfo;
export type { PlaybackChange, PlaybackState };

/** A room of GET /api/rooms that plays a recording back. */
export interface ReplayRoomSummary {
  readonly id: string;
  readonly replay: PlaybackState;
}

export type ApiResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly status: number;
      readonly code: ErrorCode | 'NETWORK';
      readonly message: string;
    };

/** The server's recordings, newest first. */
export async function listRecordings(baseUrl = ''): Promise<ApiResult<readonly RecordingSummary[]>> {
  const answer = await call<{ recordings: RecordingSummary[] }>(`${baseUrl}/api/recordings`);
  return answer.ok ? { ok: true, value: answer.value.recordings } : answer;
}

/** The open replay rooms (GET /api/rooms?kind=replay: the first page of 100, by id). */
export async function listReplayRooms(baseUrl = ''): Promise<ApiResult<readonly ReplayRoomSummary[]>> {
  const answer = await call<{ rooms: { id: string; replay?: PlaybackState }[] }>(
    `${baseUrl}/api/rooms?kind=replay&limit=100`,
  );
  if (!answer.ok) return answer;
  const replays = answer.value.rooms.flatMap((room) =>
    room.replay === undefined ? [] : [{ id: room.id, replay: room.replay }],
  );
  return { ok: true, value: replays };
}

/** Opens a replay room for a recording; answers its id. */
export async function createReplay(recording: string, baseUrl = ''): Promise<ApiResult<string>> {
  const answer = await call<{ room: { id: string } }>(`${baseUrl}/api/replays`, { recording });
  return answer.ok ? { ok: true, value: answer.value.room.id } : answer;
}

export async function fetchPlayback(roomId: string, baseUrl = ''): Promise<ApiResult<PlaybackState>> {
  const answer = await call<{ replay: PlaybackState }>(
    `${baseUrl}/api/replays/${encodeURIComponent(roomId)}`,
  );
  return answer.ok ? { ok: true, value: answer.value.replay } : answer;
}

export async function changePlayback(
  roomId: string,
  change: PlaybackChange,
  baseUrl = '',
): Promise<ApiResult<PlaybackState>> {
  const answer = await call<{ replay: PlaybackState }>(
    `${baseUrl}/api/replays/${encodeURIComponent(roomId)}/playback`,
    change,
  );
  return answer.ok ? { ok: true, value: answer.value.replay } : answer;
}

/** Where the room's snapshot bytes go, field by field (409 until the room has sent a snapshot). */
export async function fetchByteAttribution(
  roomId: string,
  baseUrl = '',
): Promise<ApiResult<ByteAttribution>> {
  return call<ByteAttribution>(`${baseUrl}/api/rooms/${encodeURIComponent(roomId)}/bytes`);
}

/** GET (or POST with a JSON body); every failure becomes `{ok: false}` with the server's code. */
async function call<T>(url: string, body?: object): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(
      url,
      body === undefined
        ? {}
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
  } catch (error) {
    return {
      ok: false,
      status: 0,
      code: 'NETWORK',
      message: `the server could not be reached (${String(error)})`,
    };
  }
  const json = (await response.json().catch(() => ({}))) as T & {
    error?: { code: ErrorCode; message: string };
  };
  if (response.ok) return { ok: true, value: json };
  return {
    ok: false,
    status: response.status,
    code: json.error?.code ?? 'NETWORK',
    message: json.error?.message ?? `the server answered ${response.status}`,
  };
}

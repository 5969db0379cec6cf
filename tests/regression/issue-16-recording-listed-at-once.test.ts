import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArenaServer } from '@arena/server';
import { waitFor, waitForTicks } from '@arena/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { TestClient } from '../support/test-client';
import { startTestServer } from '../support/test-server';

/**
 * Issue 16, bug 4: a room being recorded was missing from GET /api/recordings for its first
 * ~30 s (gzip held everything written so far), and its recording ran on through the emptied
 * room's idle wait (8 s of play became a 42 s file). Now the recording is listed ("recording…",
 * not complete) as soon as its room exists, and it ends on the tick that applies the last leave,
 * while the empty room still waits for newcomers.
 */
interface ListedRecording {
  readonly name: string;
  readonly roomId: string;
  readonly ticks: number;
  readonly isComplete: boolean;
}

let server: ArenaServer | undefined;
let url = '';
const clients: TestClient[] = [];

beforeAll(async () => {
  ({ server, url } = await startTestServer({
    recordingsDir: mkdtempSync(join(tmpdir(), 'arena-recording-row-')),
    // an emptied room waits far longer than any step here: the recording must end before it closes
    roomIdleTimeoutMs: 600_000,
    roomUnjoinedMs: 600_000,
  }));
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.shutdown();
});

async function createRecordedRoom(id: string): Promise<void> {
  const response = await fetch(`${url}/api/rooms`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // the slowest tick rate: before the fix its buffered ticks took longest to reach the file
    body: JSON.stringify({ id, tickRateHz: 10, record: true }),
  });
  expect(response.status).toBe(201);
}

/** Polls of GET /api/recordings stay well inside the API's per-address rate limit. */
const POLL = { pollMs: 200 } as const;

async function recordingOf(roomId: string): Promise<ListedRecording | undefined> {
  const response = await fetch(`${url}/api/recordings`);
  expect(response.status).toBe(200);
  const listed = (await response.json()) as { recordings: ListedRecording[] };
  return listed.recordings.find((recording) => recording.roomId === roomId);
}

describe('issue 16, bug 4: the recordings list and a recorded room', () => {
  test('a room being recorded is listed as still recording while it plays', async () => {
    await createRecordedRoom('taping-now');
    const player = await TestClient.connect(url);
    clients.push(player);
    await player.join('taping-now', 'ann');
    const listed = await waitFor(() => recordingOf('taping-now'), 'the recording listed', POLL);
    expect(listed.isComplete).toBe(false);
    expect(server!.directory.get('taping-now')?.isClosed).toBe(false);
  });

  test('the recording ends when the last player leaves, not when the empty room closes', async () => {
    await createRecordedRoom('taping-leave');
    const player = await TestClient.connect(url);
    clients.push(player);
    await player.join('taping-leave', 'ben');
    await player.waitForTicks(3);
    const room = server!.directory.get('taping-leave')!;
    player.send({ type: 'leave' });
    await waitFor(() => room.playerCount === 0, 'the leave applied');
    const tickOfLeave = room.tickCount;
    const finished = await waitFor(
      async () => {
        const recording = await recordingOf('taping-leave');
        return recording?.isComplete === true ? recording : undefined;
      },
      'the recording finished',
      POLL,
    );
    // the room still waits for newcomers; its recording stopped with the tick that applied the leave
    expect(room.isClosed).toBe(false);
    expect(finished.ticks).toBeLessThanOrEqual(tickOfLeave + 1);
    // ticks of the empty room go on; none are added to the finished file
    await waitForTicks(() => room.tickCount, 5);
    expect((await recordingOf('taping-leave'))!.ticks).toBe(finished.ticks);
  });
});

import type { ByteAttribution } from '@arena/protocol';
import { fetchByteAttribution } from '../net/replay-api';

/** How often the net graph asks where the room's snapshot bytes go, while it is open. */
export const ATTRIBUTION_POLL_MS = 3000;

/**
 * Polls GET /api/rooms/:id/bytes for the room being watched or played, only while `isWanted`
 * (the net graph is open), and hands each answer over; a failure is a short note instead.
 */
export class ByteAttributionPoller {
  private roomId: string | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly isWanted: () => boolean,
    private readonly onResult: (attribution: ByteAttribution | undefined, note: string) => void,
  ) {}

  start(roomId: string): void {
    if (this.roomId === roomId) return;
    this.stop();
    this.roomId = roomId;
    this.timer = setInterval(() => void this.poll(), ATTRIBUTION_POLL_MS);
    void this.poll();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.roomId = undefined;
    this.onResult(undefined, '');
  }

  /** Asks at once (the graph was just opened). */
  pollNow(): void {
    void this.poll();
  }

  private async poll(): Promise<void> {
    const roomId = this.roomId;
    if (roomId === undefined || !this.isWanted()) return;
    const answer = await fetchByteAttribution(roomId);
    if (this.roomId !== roomId) return;
    if (answer.ok) this.onResult(answer.value, '');
    else this.onResult(undefined, answer.status === 409 ? 'no snapshot yet' : answer.message);
  }
}

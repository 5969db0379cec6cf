import type { RoomSession } from './room-session';

/**
 * The timer of tick-aligned inputs: RoomSession says when the next input is due
 * (`nextInputAtMs`, a lead before the server's next tick); this makes it leave then, between
 * frames, instead of at the next frame (up to a frame later: as late as free-running inputs).
 * Re-armed after every frame and every snapshot, since either may move that time.
 */
export class InputTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;

  /** Waits for `session`'s next input (or nothing: no session, frame timing, no snapshot yet). */
  arm(session: RoomSession | undefined): void {
    clearTimeout(this.handle);
    this.handle = undefined;
    const atMs = session?.nextInputAtMs;
    if (session === undefined || atMs === undefined) return;
    this.handle = setTimeout(
      () => {
        this.handle = undefined;
        session.sendDueInputs(performance.now());
        this.arm(session);
      },
      Math.max(0, atMs - performance.now()),
    );
  }

  stop(): void {
    this.arm(undefined);
  }
}

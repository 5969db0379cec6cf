import type { ArenaFrameReader } from './websocket-frames';

/** Largest read per connection per tick; a connection with more gets the rest through Node. */
const SCRATCH_BYTES = 64 * 1024;

/**
 * After the thread's sleep between ticks (BetweenTickSleep), reads every player connection once,
 * straight from its descriptor (ArenaFrameReader.readPending), before the event loop would:
 * each connection then has its input of this tick period waiting in the kernel, and one direct
 * read handles it without the event loop's wake-up, buffer allocation and stream events.
 * Whatever comes later, or is not an Arena frame, still goes through Node and `ws` as usual.
 */
export class PendingReads {
  private readonly readers = new Set<ArenaFrameReader>();
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);

  /** `onError` gets what a connection's read threw (a server bug): the others are still read. */
  constructor(private readonly onError: (error: unknown) => void) {}

  add(reader: ArenaFrameReader): void {
    this.readers.add(reader);
  }

  remove(reader: ArenaFrameReader): void {
    this.readers.delete(reader);
  }

  get size(): number {
    return this.readers.size;
  }

  readAll(): void {
    // A connection with nothing to read answers EAGAIN, which fs.readSync throws: without a stack
    // trace that costs a third of what it does with one (about 2 µs against 3.5 here).
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      for (const reader of this.readers) {
        try {
          reader.readPending(this.scratch);
        } catch (error) {
          this.onError(error);
        }
      }
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
  }
}

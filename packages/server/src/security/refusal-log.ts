import type { ErrorCode } from '@arena/protocol';
import type { Logger } from '../rooms/room-types';

/** A refused address is logged at most once per code in this long, so a flood logs one line. */
const LOG_EVERY_MS = 60_000;
/** Beyond this many address-and-code pairs the memory of them is dropped (a flood from many addresses). */
const MAX_LOGGED_KEYS = 10_000;

/** Logs refusals at warn, at most once a minute per address and code, whatever the rate of refusals. */
export class RefusalLog {
  private readonly lastLoggedMs = new Map<string, number>();

  /** `what` ends every line: "refused a handshake (logged once a minute per address and code)", say. */
  constructor(
    private readonly logger: Logger,
    private readonly what: string,
  ) {}

  refused(ip: string, code: ErrorCode, reason: string): void {
    const key = `${code} ${ip}`;
    const now = performance.now();
    const last = this.lastLoggedMs.get(key);
    if (last !== undefined && now - last < LOG_EVERY_MS) return;
    if (this.lastLoggedMs.size >= MAX_LOGGED_KEYS) this.lastLoggedMs.clear();
    this.lastLoggedMs.set(key, now);
    this.logger.warn({ ip, code, reason }, this.what);
  }
}

import type { GraceWatch } from '../rooms/room';
import type { TrustedAddresses } from './trusted-addresses';

export interface GhostSeatsOptions {
  /** The per-address connection cap (maxConnectionsPerIp); 0 = none. */
  readonly maxPerIp: number;
  /** Addresses the cap does not apply to (see trusted-addresses.ts). */
  readonly trustedAddresses?: TrustedAddresses;
  /** Open connections of an address, as the handshake gate counts them. */
  readonly openConnections: (address: string) => number;
}

/**
 * Seats held for a rejoin after a dropped connection ("ghosts"), by the address that left them.
 * They count against that address's connection cap: a new join is refused while the address's
 * open connections plus its ghost seats are over maxConnectionsPerIp, so dropping connections
 * without a leave cannot pile up seats. A rejoin is never refused for it: taking a ghost seat
 * back turns it into a connection, and the sum stays.
 */
export class GhostSeats {
  private readonly countByAddress = new Map<string, number>();

  constructor(private readonly options: GhostSeatsOptions) {}

  /** Ghost seats `address` left behind. */
  of(address: string): number {
    return this.countByAddress.get(address) ?? 0;
  }

  /** All ghost seats, every address together. */
  get total(): number {
    let total = 0;
    for (const count of this.countByAddress.values()) total += count;
    return total;
  }

  /** Why a connection from `address` may not take a new seat now; undefined when it may. */
  refusesNewSeat(address: string): string | undefined {
    const max = this.options.maxPerIp;
    const ghosts = this.of(address);
    if (max === 0 || ghosts === 0 || this.options.trustedAddresses?.has(address) === true) return undefined;
    const open = this.options.openConnections(address);
    if (open + ghosts <= max) return undefined;
    return `join refused: your address holds ${open} connections and ${ghosts} seats waiting for a rejoin (at most ${max} in all); rejoin one with its seat token, or wait for them to be freed`;
  }

  /** The watch a room is given for a seat `address` drops: counts it while it waits. */
  watchFor(address: string): GraceWatch {
    let isHeld = false;
    return {
      held: () => {
        if (isHeld) return;
        isHeld = true;
        this.add(address, 1);
      },
      released: () => {
        if (!isHeld) return;
        isHeld = false;
        this.add(address, -1);
      },
    };
  }

  private add(address: string, delta: number): void {
    const count = this.of(address) + delta;
    if (count <= 0) this.countByAddress.delete(address);
    else this.countByAddress.set(address, count);
  }
}

/** How far behind the newest a late sequence number still counts as arrived rather than lost. */
export const GAP_WINDOW = 32;

/**
 * Counts datagrams lost from gaps in their sequence numbers. A number still missing when it falls
 * `GAP_WINDOW` behind the newest is lost for good; one that arrives late, within the window, was
 * reordered, not lost. So `lost` only grows (a Prometheus counter can follow it), and a duplicate
 * counts neither as arrived twice nor as lost.
 */
export class SequenceGapCounter {
  private first = -1;
  private newest = -1;
  /** Bit i set: sequence `newest - i` arrived. */
  private window = 0;
  private lostCount = 0;
  private arrivedCount = 0;

  /** Notes one datagram's sequence number; returns how many more are now known lost. */
  record(seq: number): number {
    if (this.newest < 0) {
      this.first = seq;
      this.newest = seq;
      this.window = 1;
      this.arrivedCount = 1;
      return 0;
    }
    if (seq > this.newest) {
      const shift = seq - this.newest;
      const lostNow = this.missingLeavingWindow(shift);
      this.window = shift >= GAP_WINDOW ? 1 : ((this.window << shift) | 1) >>> 0;
      this.newest = seq;
      this.arrivedCount++;
      this.lostCount += lostNow;
      return lostNow;
    }
    const behind = this.newest - seq;
    if (behind >= GAP_WINDOW || seq < this.first) return 0;
    const bit = 1 << behind;
    if ((this.window & bit) === 0) {
      this.window = (this.window | bit) >>> 0;
      this.arrivedCount++;
    }
    return 0;
  }

  /** Datagrams known lost: missing and now more than GAP_WINDOW behind the newest. */
  get lost(): number {
    return this.lostCount;
  }

  /** Distinct datagrams that arrived. */
  get arrived(): number {
    return this.arrivedCount;
  }

  /**
   * Moving the window `shift` ahead: the numbers that leave it without having arrived (those the
   * old window held unset, from the first number on, and those it skips over entirely).
   */
  private missingLeavingWindow(shift: number): number {
    let lost = 0;
    for (let i = Math.max(0, GAP_WINDOW - shift); i < GAP_WINDOW; i++) {
      if (this.newest - i >= this.first && (this.window & (1 << i)) === 0) lost++;
    }
    return lost + Math.max(0, shift - GAP_WINDOW);
  }
}

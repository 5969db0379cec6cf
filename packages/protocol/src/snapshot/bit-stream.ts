/**
 * Bit-level writer and reader for compact snapshot bodies. Values are written most significant
 * bit first. Besides fixed-width fields there are Exp-Golomb codes: small magnitudes take few
 * bits, and no value is ever out of range, which suits deltas whose size is unknown in advance.
 */
export class BitWriter {
  private bytes: Uint8Array;
  /** Whole bytes written to `bytes`. */
  private byteLength = 0;
  /** Bits not yet a whole byte, right-aligned (fewer than 8 between writes). */
  private pending = 0;
  private pendingBits = 0;
  /** What the next bits are for; only a TallyingBitWriter uses it (byte attribution). */
  category = '';

  constructor(initialBytes = 256) {
    this.bytes = new Uint8Array(initialBytes);
  }

  /** Empties the writer for reuse (the buffer is kept). */
  reset(): void {
    this.byteLength = 0;
    this.pending = 0;
    this.pendingBits = 0;
  }

  /** Writes the low `count` bits of a non-negative integer (count <= 32). */
  writeBits(value: number, count: number): void {
    if (count > 24) {
      // integer bit operations stay within 32 bits: write the high part first
      const high = Math.floor(value / 0x100_0000);
      this.writeBits(high, count - 24);
      this.writeBits(value - high * 0x100_0000, 24);
      return;
    }
    // At most 7 pending bits + 24 new ones: the accumulator stays within 31 bits. This runs for
    // every field of every entity of every snapshot, hence whole bytes out, not bit by bit.
    let bits = this.pendingBits + count;
    let pending = (this.pending << count) | (value & ((1 << count) - 1));
    while (bits >= 8) {
      bits -= 8;
      if (this.byteLength === this.bytes.length) this.grow();
      this.bytes[this.byteLength++] = pending >>> bits;
      pending &= (1 << bits) - 1;
    }
    this.pending = pending;
    this.pendingBits = bits;
  }

  writeBit(isSet: boolean): void {
    this.writeBits(isSet ? 1 : 0, 1);
  }

  /** Exp-Golomb code of order k for an unsigned integer (0 costs k + 1 bits). */
  writeUnsigned(value: number, k = 0): void {
    const shifted = value + (k < 31 ? 1 << k : 2 ** k);
    const width = shifted < 0x8000_0000 ? 32 - Math.clz32(shifted) : Math.floor(Math.log2(shifted)) + 1;
    // (width - k - 1) zero bits, then `shifted` in width bits: the same as `shifted` in a field
    // that much wider, written at once when it fits (the common case: small deltas).
    const codeBits = 2 * width - k - 1;
    if (codeBits <= 24) {
      this.writeBits(shifted, codeBits);
      return;
    }
    this.writeBits(0, width - k - 1);
    this.writeBits(shifted, width);
  }

  /** Signed integer as zigzag (0, -1, 1, -2, ...) then Exp-Golomb of order k. */
  writeSigned(value: number, k = 0): void {
    this.writeUnsigned(value >= 0 ? value * 2 : -value * 2 - 1, k);
  }

  get bitCount(): number {
    return this.byteLength * 8 + this.pendingBits;
  }

  /** The bytes written so far (a copy, sized exactly; the last byte padded with zero bits). */
  finish(): Uint8Array {
    const out = new Uint8Array(this.byteLength + (this.pendingBits > 0 ? 1 : 0));
    out.set(this.bytes.subarray(0, this.byteLength));
    if (this.pendingBits > 0) out[this.byteLength] = (this.pending << (8 - this.pendingBits)) & 0xff;
    return out;
  }

  private grow(): void {
    const bigger = new Uint8Array(this.bytes.length * 2);
    bigger.set(this.bytes);
    this.bytes = bigger;
  }
}

/** A BitWriter that also counts how many bits go to each `category` (see byte-attribution.ts). */
export class TallyingBitWriter extends BitWriter {
  readonly bitsByCategory = new Map<string, number>();

  override writeBits(value: number, count: number): void {
    this.bitsByCategory.set(this.category, (this.bitsByCategory.get(this.category) ?? 0) + count);
    super.writeBits(value, count);
  }
}

/** Thrown by BitReader when a body ends early or a code is longer than any valid one. */
export class BitStreamError extends Error {}

/**
 * Reads what BitWriter wrote. Every observer and game client runs it on every snapshot, so a field
 * is taken from a 32-bit window over the bytes at once, and an Exp-Golomb code's leading zeros are
 * counted with one `Math.clz32`, not bit by bit.
 */
export class BitReader {
  private bitOffset = 0;
  private readonly bitLength: number;

  constructor(private readonly bytes: Uint8Array) {
    this.bitLength = bytes.length * 8;
  }

  /** Reads `count` bits as a non-negative integer (count <= 53). */
  readBits(count: number): number {
    if (count > WINDOW_BITS) {
      const high = this.readBits(count - WINDOW_BITS);
      return high * 2 ** WINDOW_BITS + this.readBits(WINDOW_BITS);
    }
    if (count <= 0) return 0;
    if (this.bitOffset + count > this.bitLength) throw new BitStreamError('snapshot body ended early');
    const value = this.window() >>> (32 - count);
    this.bitOffset += count;
    return value;
  }

  readBit(): boolean {
    return this.readBits(1) === 1;
  }

  readUnsigned(k = 0): number {
    // The common case, a short code: its leading zeros, its 1 and its rest all in the window.
    const window = this.window();
    const codeBits = 2 * Math.clz32(window) + 1 + k;
    if (codeBits <= WINDOW_BITS && this.bitOffset + codeBits <= this.bitLength) {
      this.bitOffset += codeBits;
      return (window >>> (32 - codeBits)) - (1 << k);
    }
    let zeros = 0;
    while (this.readBits(1) === 0) {
      zeros++;
      if (zeros > 40) throw new BitStreamError('Exp-Golomb code too long');
    }
    const rest = this.readBits(zeros + k);
    return 2 ** (zeros + k) + rest - 2 ** k;
  }

  readSigned(k = 0): number {
    const zigzag = this.readUnsigned(k);
    return zigzag % 2 === 0 ? zigzag / 2 : -(zigzag + 1) / 2;
  }

  /** True when fewer than 8 bits remain (only padding can be left). */
  get isAtEnd(): boolean {
    return this.bitLength - this.bitOffset < 8;
  }

  /**
   * The 32 bits from the bit offset, most significant first (as a signed 32-bit integer). The top
   * WINDOW_BITS of them are the stream's (zero past its end); the lowest up to 7 are zero fill.
   */
  private window(): number {
    const bytes = this.bytes;
    const at = this.bitOffset >>> 3;
    let word: number;
    if (at + 3 < bytes.length) {
      word = (bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    } else {
      word = 0;
      for (let i = at; i < at + 4; i++) word = (word << 8) | (i < bytes.length ? bytes[i]! : 0);
    }
    return word << (this.bitOffset & 7);
  }
}

/** Bits of BitReader's window that always come from the stream: 32 less up to 7 of the first byte's. */
const WINDOW_BITS = 25;

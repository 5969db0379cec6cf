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

export class BitReader {
  private bitOffset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  readBits(count: number): number {
    let value = 0;
    for (let remaining = count; remaining > 0; ) {
      const byteIndex = this.bitOffset >>> 3;
      if (byteIndex >= this.bytes.length) throw new BitStreamError('snapshot body ended early');
      const available = 8 - (this.bitOffset & 7);
      const take = Math.min(available, remaining);
      const chunk = (this.bytes[byteIndex]! >>> (available - take)) & ((1 << take) - 1);
      value = value * 2 ** take + chunk;
      this.bitOffset += take;
      remaining -= take;
    }
    return value;
  }

  readBit(): boolean {
    return this.readBits(1) === 1;
  }

  readUnsigned(k = 0): number {
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
    return this.bytes.length * 8 - this.bitOffset < 8;
  }
}

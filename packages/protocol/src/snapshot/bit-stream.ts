/**
 * Bit-level writer and reader for compact snapshot bodies. Values are written most significant
 * bit first. Besides fixed-width fields there are Exp-Golomb codes: small magnitudes take few
 * bits, and no value is ever out of range, which suits deltas whose size is unknown in advance.
 */
export class BitWriter {
  private bytes: Uint8Array;
  private bitLength = 0;
  /** What the next bits are for; only a TallyingBitWriter uses it (byte attribution). */
  category = '';

  constructor(initialBytes = 256) {
    this.bytes = new Uint8Array(initialBytes);
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
    let remaining = count;
    while (remaining > 0) {
      const byteIndex = this.bitLength >>> 3;
      if (byteIndex >= this.bytes.length) this.grow();
      const free = 8 - (this.bitLength & 7);
      const take = Math.min(free, remaining);
      const shift = remaining - take;
      this.bytes[byteIndex]! |= ((value >>> shift) & ((1 << take) - 1)) << (free - take);
      this.bitLength += take;
      remaining -= take;
    }
  }

  writeBit(isSet: boolean): void {
    this.writeBits(isSet ? 1 : 0, 1);
  }

  /** Exp-Golomb code of order k for an unsigned integer (0 costs k + 1 bits). */
  writeUnsigned(value: number, k = 0): void {
    const shifted = value + 2 ** k;
    const width = shifted < 0x8000_0000 ? 32 - Math.clz32(shifted) : Math.floor(Math.log2(shifted)) + 1;
    this.writeBits(0, width - k - 1);
    this.writeBits(shifted, width);
  }

  /** Signed integer as zigzag (0, -1, 1, -2, ...) then Exp-Golomb of order k. */
  writeSigned(value: number, k = 0): void {
    this.writeUnsigned(value >= 0 ? value * 2 : -value * 2 - 1, k);
  }

  get bitCount(): number {
    return this.bitLength;
  }

  /** The bytes written so far (a copy, sized exactly). */
  finish(): Uint8Array {
    return this.bytes.slice(0, (this.bitLength + 7) >>> 3);
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

import fc from 'fast-check';
import { expect, test } from 'vitest';
import { decodeServerMessage } from './codec';
import { createPackr } from './packr';
import { encodeSnapshotMessage } from './snapshot-message';

const packr = createPackr();

test('writes exactly the bytes msgpackr writes for the snapshot record, for any tick, ack and body', () => {
  fc.assert(
    fc.property(
      fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff_ffff })),
      fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 0xffff_ffff })),
      // bodies around 64 KiB cross msgpack's bin 16 / bin 32 boundary; one in ten is enough (they
      // are what makes the property slow on a busy machine)
      fc.oneof(
        { arbitrary: fc.uint8Array({ maxLength: 300 }), weight: 9 },
        { arbitrary: fc.uint8Array({ minLength: 65535, maxLength: 65600 }), weight: 1 },
      ),
      (tick, ack, body) => {
        const fast = encodeSnapshotMessage(tick, ack, body);
        expect(Buffer.from(fast).equals(Buffer.from(packr.pack({ tick, ack, body })))).toBe(true);
        const decoded = decodeServerMessage(fast);
        expect(
          decoded.ok && decoded.value.type === 'snapshot' && [decoded.value.tick, decoded.value.ackSeq],
        ).toEqual([tick, ack]);
      },
    ),
    { numRuns: 300 },
  );
});

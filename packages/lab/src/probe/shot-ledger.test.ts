import { expect, test } from 'vitest';
import { hitAccuracy, ShotLedger } from './shot-ledger';

test('a held trigger is one shot per cooldown; a shot the shooter saw hit is counted as seen', () => {
  const ledger = new ShotLedger(1, 15);
  for (let seq = 1; seq <= 60; seq++) ledger.fired(seq, seq === 16 ? 2 : undefined, true);
  expect(ledger.shots).toBe(4); // seqs 1, 16, 31, 46
  expect(ledger.seenHits).toBe(1);
});

test("the server's hits and kills credited to this shooter are granted; others' are not", () => {
  const ledger = new ShotLedger(1, 15);
  ledger.events(
    [
      { kind: 'hit', shooterId: 1, victimId: 2 },
      { kind: 'kill', killerId: 1, victimId: 3 },
      { kind: 'hit', shooterId: 2, victimId: 1 },
      { kind: 'respawn', playerId: 3, x: 0, y: 0 },
    ],
    true,
  );
  ledger.events([{ kind: 'hit', shooterId: 1, victimId: 2 }], false);
  expect(ledger.grantedHits).toBe(2);
});

test('shots before the window still start the cooldown but are not counted', () => {
  const ledger = new ShotLedger(1, 15);
  ledger.fired(1, 2, false);
  expect(ledger.fired(10, 2, true)).toBe(false);
  expect(ledger.fired(16, 2, true)).toBe(true);
  expect(ledger.shots).toBe(1);
  expect(ledger.seenHits).toBe(1);
});

test('accuracy is granted per seen hit, undefined without a seen hit', () => {
  expect(hitAccuracy(3, 4)).toBe(0.75);
  expect(hitAccuracy(5, 4)).toBe(1.25);
  expect(hitAccuracy(2, 0)).toBeNull();
});

import { expect, test } from 'vitest';
import { FREEZE_MS, FreezeCounter } from './freeze-counter';

test('counts gaps longer than 100 ms between snapshots that move the client on, and their length', () => {
  const counter = new FreezeCounter();
  for (let tick = 1; tick <= 10; tick++) counter.arrived(tick, tick * 33);
  expect(counter.freezes).toBe(0);
  counter.arrived(11, 330 + 250);
  counter.arrived(12, 330 + 250 + FREEZE_MS); // exactly the bound: not a freeze
  expect(counter.freezes).toBe(1);
  expect(counter.frozenMs).toBe(250);
});

test('a late snapshot older than the newest neither ends nor starts a gap', () => {
  const counter = new FreezeCounter();
  counter.arrived(10, 0);
  counter.arrived(9, 60); // late: the screen does not move on
  counter.arrived(11, 150);
  expect(counter.freezes).toBe(1);
  expect(counter.frozenMs).toBe(150);
});

test('outside the measured window the clock runs but nothing is counted', () => {
  const counter = new FreezeCounter();
  counter.arrived(1, 0, false);
  counter.arrived(2, 500, false);
  counter.arrived(3, 530);
  expect(counter.freezes).toBe(0);
});

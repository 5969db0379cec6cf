import { expect, test } from 'vitest';
import { SnapshotAge } from './snapshot-age';

test('on a steady link the age is the one-way delay plus the time since the newest snapshot arrived', () => {
  const age = new SnapshotAge(10);
  expect(age.ageMs(0)).toBeUndefined();
  // the server makes tick T at 10 T ms (unknown to the client); each takes 40 ms to arrive
  for (let tick = 1; tick <= 20; tick++) age.arrived(tick, tick * 10 + 40);
  expect(age.ageMs(240)).toBeUndefined(); // no ping yet
  age.observeRtt(80);
  expect(age.ageMs(240)).toBeCloseTo(40);
  expect(age.ageMs(255)).toBeCloseTo(55);
});

test('a snapshot held back by a retransmission shows as age, and older ones arriving late do not lower it', () => {
  const age = new SnapshotAge(10);
  age.observeRtt(80);
  for (let tick = 1; tick <= 10; tick++) age.arrived(tick, tick * 10 + 40);
  // ticks 11..20 arrive together at 440 ms, up to 300 ms late: until then tick 10 (made at 100 ms) is the newest
  expect(age.ageMs(439)).toBeCloseTo(339);
  for (let tick = 11; tick <= 20; tick++) age.arrived(tick, 440);
  expect(age.ageMs(440)).toBeCloseTo(440 - 200);
  age.arrived(15, 450);
  expect(age.ageMs(450)).toBeCloseTo(250);
});

test('ticks the server gave up after a stall are forgotten once the fastest trip before them is older than the window', () => {
  const age = new SnapshotAge(10);
  age.observeRtt(80);
  for (let tick = 1; tick <= 100; tick++) age.arrived(tick, tick * 10 + 40);
  // the server stalls and skips 500 ms of ticks: tick 101 is made at 1510 ms instead of 1010 ms
  for (let tick = 101; tick <= 105; tick++) age.arrived(tick, tick * 10 + 540);
  expect(age.ageMs(1591)).toBeCloseTo(541); // just after the stall: it looks 500 ms late
  for (let tick = 106; tick <= 400; tick++) age.arrived(tick, tick * 10 + 540);
  expect(age.ageMs(4541)).toBeCloseTo(41); // over two seconds on: the new reference
});

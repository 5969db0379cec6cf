import { describe, expect, test } from 'vitest';
import { segmentCircleEntry } from './arena-map';

describe('segmentCircleEntry', () => {
  test('a segment through the circle enters it where it first comes within the radius', () => {
    // from x=0 to x=100 along y=0, circle of radius 10 at x=50: entered at x=40
    expect(segmentCircleEntry(0, 0, 100, 0, 50, 0, 10)).toBeCloseTo(0.4, 12);
    // grazing at a distance of 6 from the centre: enters where x = 50 - 8
    expect(segmentCircleEntry(0, 6, 100, 6, 50, 0, 10)).toBeCloseTo(0.42, 12);
  });

  test('a segment that starts inside the circle enters it at once', () => {
    expect(segmentCircleEntry(48, 0, 100, 0, 50, 0, 10)).toBe(0);
    expect(segmentCircleEntry(50, 0, 50, 0, 50, 0, 10)).toBe(0);
  });

  test('a segment that passes by, stops short, or points away never enters', () => {
    expect(segmentCircleEntry(0, 11, 100, 11, 50, 0, 10)).toBeUndefined();
    expect(segmentCircleEntry(0, 0, 30, 0, 50, 0, 10)).toBeUndefined();
    expect(segmentCircleEntry(0, 0, -100, 0, 50, 0, 10)).toBeUndefined();
    expect(segmentCircleEntry(0, 0, 0, 0, 50, 0, 10)).toBeUndefined();
  });
});

import { expect, test } from 'vitest';
import { barChart } from './bar-chart';

const spec = (values: (number | null)[]) => ({
  title: 'Bytes',
  yLabel: 'B/s',
  groups: values.map((_, i) => `g${i}`),
  series: [{ name: 'full', color: '#123456', bars: values.map((value) => ({ value })) }],
});

test('bars scale to the largest value; a missing value is drawn as "-"', () => {
  const svg = barChart(spec([100, 200, null]));
  expect(svg).toMatch(/^<svg/);
  expect(svg.match(/<rect x=/g)?.length).toBe(2 + 1); // two bars and the legend swatch
  expect(svg).toContain('>-</text>');
  expect(svg).not.toContain('↑');
});

test('one bar far above the others is clipped and labelled, so the others stay readable', () => {
  const svg = barChart(spec([100, 120, 5000]));
  expect(svg).toContain('5.0k↑');
});

test('no data says so', () => {
  expect(barChart(spec([null, null]))).toContain('no data');
});

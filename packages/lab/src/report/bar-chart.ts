import { axisLabel, escapeHtml, niceStep } from '@arena/loadtest';

/** One bar: a value, and optionally a higher one drawn as a whisker (a p99 above a p50). */
export interface Bar {
  readonly value: number | null;
  readonly high?: number | null;
}

export interface BarChartSpec {
  readonly title: string;
  readonly yLabel: string;
  /** The x groups (conditions), left to right. */
  readonly groups: readonly string[];
  /** One series per strategy: a bar in every group. */
  readonly series: readonly {
    readonly name: string;
    readonly color: string;
    readonly bars: readonly Bar[];
  }[];
  /** What the whiskers mean, for the legend ("whisker: p99"). */
  readonly whiskerLabel?: string;
}

const WIDTH = 640;
const HEIGHT = 280;
const PAD = { left: 64, right: 16, top: 34, bottom: 56 };

/**
 * The top of the value axis: the largest value, unless one bar stands far above the others (more
 * than four times the next largest bar); then the axis stops at twice that one, so the other bars
 * stay readable and the outlier is drawn clipped with its value written above it.
 */
function axisTop(spec: BarChartSpec): number {
  const bars = spec.series
    .flatMap((s) => s.bars.map((b) => b.value))
    .filter((v): v is number => v !== null && Number.isFinite(v))
    .sort((a, b) => b - a);
  const whiskers = spec.series
    .flatMap((s) => s.bars.flatMap((b) => [b.value, b.high ?? null]))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  const largest = Math.max(...whiskers, 0) || 1;
  const [first, second] = bars;
  if (first === undefined || second === undefined || second <= 0 || first <= 4 * second) return largest;
  const others = spec.series
    .flatMap((s) => s.bars.flatMap((b) => (b.value === first ? [] : [b.value, b.high ?? null])))
    .filter((v): v is number => v !== null && Number.isFinite(v));
  return Math.max(2 * second, ...others) || largest;
}

/** Grouped bars as inline SVG (no script, no external resource); a missing value leaves a gap marked "-". */
export function barChart(spec: BarChartSpec): string {
  const values = spec.series.flatMap((s) => s.bars.flatMap((b) => [b.value, b.high ?? null]));
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const parts = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(spec.title)}">`,
    `<text x="${PAD.left}" y="18" class="title">${escapeHtml(spec.title)}</text>`,
  ];
  if (finite.length === 0 || spec.groups.length === 0) {
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data</text></svg>`);
    return parts.join('');
  }
  const top = axisTop(spec);
  const step = niceStep(top, 5);
  const yMax = Math.ceil((top * 1.05) / step) * step;
  // Values beyond the axis (an outlier such as a saturated link) are drawn to the top and labelled.
  const py = (y: number) => PAD.top + plotH - (Math.min(y, yMax) / yMax) * plotH;
  for (let y = 0; y <= yMax + step / 2; y += step) {
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" class="grid"/>`,
      `<text x="${PAD.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${axisLabel(y)}</text>`,
    );
  }
  parts.push(
    `<text x="14" y="${PAD.top + plotH / 2}" text-anchor="middle" class="axis" transform="rotate(-90 14 ${PAD.top + plotH / 2})">${escapeHtml(spec.yLabel)}</text>`,
  );
  const groupW = plotW / spec.groups.length;
  const barW = Math.max(3, Math.min(28, (groupW * 0.8) / Math.max(1, spec.series.length)));
  spec.groups.forEach((group, g) => {
    const x0 = PAD.left + g * groupW + (groupW - barW * spec.series.length) / 2;
    parts.push(
      `<text x="${(PAD.left + (g + 0.5) * groupW).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${escapeHtml(group)}</text>`,
    );
    spec.series.forEach((series, s) => {
      const bar = series.bars[g];
      const x = x0 + s * barW;
      if (bar === undefined || bar.value === null || !Number.isFinite(bar.value)) {
        parts.push(
          `<text x="${(x + barW / 2).toFixed(1)}" y="${(py(0) - 3).toFixed(1)}" text-anchor="middle">-</text>`,
        );
        return;
      }
      const y = py(bar.value);
      if (bar.value > yMax) {
        parts.push(
          `<text x="${(x + barW / 2).toFixed(1)}" y="${(PAD.top - 3).toFixed(1)}" text-anchor="middle">${axisLabel(bar.value)}↑</text>`,
        );
      }
      parts.push(
        `<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(py(0) - y).toFixed(1)}" fill="${series.color}"><title>${escapeHtml(`${series.name} | ${group}: ${bar.value}${bar.high === undefined || bar.high === null ? '' : ` (whisker ${bar.high})`}`)}</title></rect>`,
      );
      if (bar.high !== undefined && bar.high !== null && Number.isFinite(bar.high)) {
        const cx = x + (barW - 2) / 2;
        parts.push(
          `<line x1="${cx.toFixed(1)}" x2="${cx.toFixed(1)}" y1="${y.toFixed(1)}" y2="${py(bar.high).toFixed(1)}" stroke="#333"/>`,
          `<line x1="${(cx - 3).toFixed(1)}" x2="${(cx + 3).toFixed(1)}" y1="${py(bar.high).toFixed(1)}" y2="${py(bar.high).toFixed(1)}" stroke="#333"/>`,
        );
      }
    });
  });
  spec.series.forEach((series, index) => {
    const lx = PAD.left + index * 120;
    parts.push(
      `<rect x="${lx}" y="${HEIGHT - 18}" width="12" height="8" fill="${series.color}"/>`,
      `<text x="${lx + 16}" y="${HEIGHT - 10}">${escapeHtml(series.name)}</text>`,
    );
  });
  if (spec.whiskerLabel !== undefined) {
    parts.push(
      `<text x="${WIDTH - PAD.right}" y="${HEIGHT - 10}" text-anchor="end" class="axis">${escapeHtml(spec.whiskerLabel)}</text>`,
    );
  }
  parts.push('</svg>');
  return parts.join('');
}

import { axisLabel, escapeHtml, niceStep } from './chart-axis';

/** One line of a chart. */
export interface ChartLine {
  readonly name: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number | null])[];
}

export interface ChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly lines: readonly ChartLine[];
  /** A dashed horizontal reference line (a target, a limit). */
  readonly reference?: { readonly y: number; readonly label: string };
  /** Draw a dot on every point (for sparse curves). */
  readonly dots?: boolean;
}

const WIDTH = 640;
const HEIGHT = 260;
const PAD = { left: 64, right: 16, top: 32, bottom: 44 };

/**
 * A line chart as inline SVG: no script, no external resources, so the HTML report opens anywhere
 * and stays small. Missing values (null) break the line.
 */
export function lineChart(spec: ChartSpec): string {
  const values = spec.lines.flatMap((l) => l.points.map(([, y]) => y)).filter((y): y is number => y !== null);
  const xs = spec.lines.flatMap((l) => l.points.map(([x]) => x));
  if (spec.reference) values.push(spec.reference.y);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const parts: string[] = [
    `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${escapeHtml(spec.title)}">`,
    `<text x="${PAD.left}" y="18" class="title">${escapeHtml(spec.title)}</text>`,
  ];
  if (values.length === 0 || xs.length === 0) {
    parts.push(`<text x="${WIDTH / 2}" y="${HEIGHT / 2}" text-anchor="middle">no data</text></svg>`);
    return parts.join('');
  }
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs) > xMin ? Math.max(...xs) : xMin + 1;
  const yStep = niceStep(Math.max(...values, 0) - Math.min(...values, 0) || 1, 5);
  const yMin = Math.floor(Math.min(...values, 0) / yStep) * yStep;
  const yMax = Math.ceil((Math.max(...values) * 1.05 || 1) / yStep) * yStep;
  const px = (x: number) => PAD.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number) => PAD.top + plotH - ((y - yMin) / (yMax - yMin || 1)) * plotH;

  for (let y = yMin; y <= yMax + yStep / 2; y += yStep) {
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" class="grid"/>`,
      `<text x="${PAD.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${axisLabel(y)}</text>`,
    );
  }
  const xStep = niceStep(xMax - xMin, 8);
  for (let x = Math.ceil(xMin / xStep) * xStep; x <= xMax + 1e-9; x += xStep) {
    parts.push(
      `<text x="${px(x).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle">${axisLabel(x)}</text>`,
    );
  }
  parts.push(
    `<text x="${PAD.left + plotW / 2}" y="${HEIGHT - 6}" text-anchor="middle" class="axis">${escapeHtml(spec.xLabel)}</text>`,
    `<text x="14" y="${PAD.top + plotH / 2}" text-anchor="middle" class="axis" transform="rotate(-90 14 ${PAD.top + plotH / 2})">${escapeHtml(spec.yLabel)}</text>`,
  );
  if (spec.reference) {
    const y = py(spec.reference.y).toFixed(1);
    parts.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y}" y2="${y}" class="reference"/>`,
      `<text x="${WIDTH - PAD.right}" y="${Number(y) - 4}" text-anchor="end" class="reference-label">${escapeHtml(spec.reference.label)}</text>`,
    );
  }
  spec.lines.forEach((line, index) => {
    let path = '';
    let pen = false;
    for (const [x, y] of line.points) {
      if (y === null) {
        pen = false;
        continue;
      }
      path += `${pen ? 'L' : 'M'}${px(x).toFixed(1)},${py(y).toFixed(1)}`;
      pen = true;
    }
    parts.push(`<path d="${path}" fill="none" stroke="${line.color}" stroke-width="2"/>`);
    if (spec.dots) {
      for (const [x, y] of line.points) {
        if (y !== null)
          parts.push(
            `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${line.color}"/>`,
          );
      }
    }
    // Legends from the right edge, so a long title never runs into them.
    const lx = WIDTH - PAD.right - (spec.lines.length - index) * 110;
    parts.push(
      `<rect x="${lx}" y="9" width="12" height="4" fill="${line.color}"/>`,
      `<text x="${lx + 16}" y="15">${escapeHtml(line.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

import { NET_METRICS, type NetStats } from '@arena/netcode';
import { type ByteAttribution, NETWORK_PROFILE_NAMES, type NetworkProfileName } from '@arena/protocol';
import { h, setText } from './dom';

const CELL_WIDTH_PX = 185;
const CELL_HEIGHT_PX = 34;
const COLUMNS = 2;
const GRAPH_TOP_PX = 13;
const REDRAW_INTERVAL_MS = 125;
/** Fields named in the attribution line; the rest are summed as "other". */
const ATTRIBUTION_FIELDS_LISTED = 5;
/** Colours of the attribution bar's segments, largest share first. */
const SHARE_COLOURS = ['#7fd0ff', '#ffb347', '#a3a8ff', '#8ee68e', '#ff7a7a', '#7c8594'];

/** Line colour per metric family: traffic blue, timing amber, prediction red, frame rate green. */
const COLOURS: Record<string, string> = {
  rttMs: '#ffb347',
  snapshotsPerS: '#7fd0ff',
  bytesInPerS: '#7fd0ff',
  bytesOutPerS: '#a3a8ff',
  bytesPerSnapshot: '#7fd0ff',
  bufferDepth: '#ffd966',
  extrapolationMs: '#ffb347',
  correctionsPerS: '#ff7a7a',
  correctionUnits: '#ff7a7a',
  fps: '#8ee68e',
};

/**
 * The net graph (toggled with N, like Source's net_graph): one small live line graph per
 * metric of NetStats, each scaled to its own recent maximum, with the current value.
 */
export class NetGraphView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly summary = h('div', { className: 'net-graph-summary' });
  private readonly path = h('div', {
    className: 'net-graph-summary',
    attrs: { 'data-testid': 'net-graph-path' },
  });
  private readonly simulation: HTMLSelectElement;
  private readonly attributionBar = h('div', { className: 'net-graph-bytes-bar' });
  private readonly attributionText = h('div', {
    className: 'net-graph-bytes-text',
    attrs: { 'data-testid': 'net-graph-bytes' },
  });
  private lastDrawMs = Number.NEGATIVE_INFINITY;

  /** `onSimulate` asks the server to shape this connection like a named network, or not at all. */
  constructor(
    private readonly stats: NetStats,
    onSimulate: (profile: NetworkProfileName | undefined) => void,
  ) {
    this.canvas = h('canvas', { attrs: { 'aria-label': 'Net graph' } });
    const rows = Math.ceil(NET_METRICS.length / COLUMNS);
    const ratio = Math.max(1, Math.round(globalThis.devicePixelRatio ?? 1));
    this.canvas.width = CELL_WIDTH_PX * COLUMNS * ratio;
    this.canvas.height = CELL_HEIGHT_PX * rows * ratio;
    this.canvas.style.width = `${CELL_WIDTH_PX * COLUMNS}px`;
    this.canvas.style.height = `${CELL_HEIGHT_PX * rows}px`;
    this.canvas.getContext('2d')?.scale(ratio, ratio);
    this.simulation = h('select', { attrs: { 'aria-label': 'Simulated network on this connection' } });
    for (const name of ['off', ...NETWORK_PROFILE_NAMES]) {
      this.simulation.append(
        h('option', { text: name === 'off' ? 'real network' : name, attrs: { value: name } }),
      );
    }
    this.simulation.addEventListener('change', () => {
      const value = this.simulation.value;
      onSimulate(value === 'off' ? undefined : (value as NetworkProfileName));
      this.simulation.blur();
    });
    this.summary.style.maxWidth = `${CELL_WIDTH_PX * COLUMNS}px`;
    this.path.style.maxWidth = `${CELL_WIDTH_PX * COLUMNS}px`;
    this.attributionText.style.maxWidth = `${CELL_WIDTH_PX * COLUMNS}px`;
    this.element = h(
      'div',
      { className: 'net-graph hidden' },
      this.summary,
      this.path,
      this.canvas,
      h('div', { className: 'net-graph-bytes' }, this.attributionBar, this.attributionText),
      h('label', { className: 'net-graph-sim', text: 'simulate ' }, this.simulation),
    );
  }

  /** A new connection starts unshaped: show it. */
  resetSimulation(): void {
    this.simulation.value = 'off';
  }

  get isVisible(): boolean {
    return !this.element.classList.contains('hidden');
  }

  toggle(): void {
    this.element.classList.toggle('hidden');
    this.lastDrawMs = Number.NEGATIVE_INFINITY;
  }

  /**
   * Where the room's snapshot bytes go (GET /api/rooms/:id/bytes): a stacked bar, largest
   * field first, and a line naming the biggest shares; `note` when there is nothing to show.
   */
  setAttribution(attribution: ByteAttribution | undefined, note: string): void {
    if (attribution === undefined || attribution.shares.length === 0) {
      this.attributionBar.replaceChildren();
      setText(this.attributionText, note === '' ? '' : `bytes per snapshot: ${note}`);
      return;
    }
    const listed = attribution.shares.slice(0, ATTRIBUTION_FIELDS_LISTED);
    const rest = attribution.shares
      .slice(ATTRIBUTION_FIELDS_LISTED)
      .reduce((sum, share) => sum + share.share, 0);
    const parts = [...listed.map((share) => ({ label: fieldLabel(share.field), share: share.share }))];
    if (rest > 0) parts.push({ label: 'other', share: rest });
    this.attributionBar.replaceChildren(
      ...parts.map((part, index) => {
        const segment = h('span', { attrs: { title: `${part.label} ${percent(part.share)}` } });
        segment.style.width = `${part.share * 100}%`;
        segment.style.background = SHARE_COLOURS[Math.min(index, SHARE_COLOURS.length - 1)]!;
        return segment;
      }),
    );
    const shares = parts.map((part) => `${part.label} ${percent(part.share)}`).join(', ');
    setText(
      this.attributionText,
      `${attribution.strategy} · ${attribution.totalBytes} B/snapshot: ${shares}`,
    );
  }

  /**
   * Redraws (at most every REDRAW_INTERVAL_MS) while visible; `summary` is one line of context,
   * `path` one on the way snapshots and inputs travel (datagram or WebSocket, and why).
   */
  update(nowMs: number, summary: string, path: string): void {
    if (!this.isVisible || nowMs - this.lastDrawMs < REDRAW_INTERVAL_MS) return;
    this.lastDrawMs = nowMs;
    setText(this.summary, summary);
    setText(this.path, path);
    const context = this.canvas.getContext('2d');
    if (context === null) return;
    context.clearRect(0, 0, CELL_WIDTH_PX * COLUMNS, this.canvas.height);
    NET_METRICS.forEach((metric, index) => {
      const x = (index % COLUMNS) * CELL_WIDTH_PX;
      const y = Math.floor(index / COLUMNS) * CELL_HEIGHT_PX;
      this.drawCell(context, x, y, metric.key, metric.label, metric.unit);
    });
  }

  private drawCell(
    context: CanvasRenderingContext2D,
    x: number,
    y: number,
    key: (typeof NET_METRICS)[number]['key'],
    label: string,
    unit: string,
  ): void {
    const series = this.stats.series(key);
    const values = series.toArray();
    const width = CELL_WIDTH_PX - 10;
    const height = CELL_HEIGHT_PX - GRAPH_TOP_PX - 4;
    const top = y + GRAPH_TOP_PX;
    const scaleMax = Math.max(series.max, 1e-9);
    context.fillStyle = 'rgba(255,255,255,0.06)';
    context.fillRect(x, top, width, height);
    context.font = '11px ui-monospace, monospace';
    context.fillStyle = '#d8dde6';
    context.fillText(`${label} ${formatValue(series.latest)}${unit === '' ? '' : ` ${unit}`}`, x, y + 11);
    context.fillStyle = '#7c8594';
    const maxText = `max ${formatValue(series.max)}`;
    context.fillText(maxText, x + width - context.measureText(maxText).width, y + 11);
    if (values.length < 2) return;
    context.strokeStyle = COLOURS[key] ?? '#ffffff';
    context.lineWidth = 1.5;
    context.beginPath();
    const step = width / (series.capacity - 1);
    const offset = series.capacity - values.length;
    values.forEach((value, i) => {
      const px = x + (offset + i) * step;
      const py = top + height - (value / scaleMax) * height;
      if (i === 0) context.moveTo(px, py);
      else context.lineTo(px, py);
    });
    context.stroke();
  }
}

/** `player.position` reads "position"; other entity kinds keep their name. */
function fieldLabel(field: string): string {
  return field.startsWith('player.') ? field.slice('player.'.length) : field.replace('.', ' ');
}

function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

function formatValue(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)}k`;
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** One sample of a Prometheus text exposition: name, labels, value. */
export interface MetricSample {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const LINE = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+\S+)?$/;
const LABEL = /(\w+)="((?:[^"\\]|\\.)*)"/g;

function parseValue(raw: string): number {
  if (raw === '+Inf') return Number.POSITIVE_INFINITY;
  if (raw === '-Inf') return Number.NEGATIVE_INFINITY;
  return Number(raw);
}

function unescapeLabel(value: string): string {
  return value.replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/**
 * Parses the Prometheus text format (version 0.0.4, what prom-client writes) into samples.
 * Comments and blank lines are skipped; a line that is not a sample throws, so a changed
 * exposition fails loudly instead of reading as zeros.
 */
export function parsePrometheusText(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) throw new Error(`unparseable metrics line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(LABEL)) labels[key!] = unescapeLabel(value!);
    samples.push({ name: match[1]!, labels, value: parseValue(match[3]!) });
  }
  return samples;
}

/** Samples indexed by name, with lookups by label subset. */
export class MetricSet {
  private readonly byName = new Map<string, MetricSample[]>();

  constructor(samples: readonly MetricSample[]) {
    for (const sample of samples) {
      const list = this.byName.get(sample.name);
      if (list) list.push(sample);
      else this.byName.set(sample.name, [sample]);
    }
  }

  static parse(text: string): MetricSet {
    return new MetricSet(parsePrometheusText(text));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** Every sample of `name` whose labels include `labels`. */
  select(name: string, labels: Readonly<Record<string, string>> = {}): MetricSample[] {
    const entries = Object.entries(labels);
    return (this.byName.get(name) ?? []).filter((s) => entries.every(([k, v]) => s.labels[k] === v));
  }

  /** The first matching sample's value, or undefined. */
  value(name: string, labels: Readonly<Record<string, string>> = {}): number | undefined {
    return this.select(name, labels)[0]?.value;
  }

  /** Sum over all matching samples (0 when none). */
  sum(name: string, labels: Readonly<Record<string, string>> = {}): number {
    return this.select(name, labels).reduce((total, s) => total + s.value, 0);
  }

  /** Cumulative histogram buckets of `name` (the `_bucket` series), sorted by upper bound. */
  buckets(name: string, labels: Readonly<Record<string, string>> = {}): HistogramBucket[] {
    return this.select(`${name}_bucket`, labels)
      .map((s) => ({ le: parseValue(s.labels.le ?? 'NaN'), count: s.value }))
      .filter((b) => !Number.isNaN(b.le))
      .sort((a, b) => a.le - b.le);
  }
}

/** One cumulative bucket: observations <= `le`. */
export interface HistogramBucket {
  readonly le: number;
  readonly count: number;
}

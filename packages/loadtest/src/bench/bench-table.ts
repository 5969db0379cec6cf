import type { ProbePhaseReport } from '../probe/run-probes';
import { botsSaturated, extrapolateMaxN, holdsTickRate } from '../report/load-test-report';
import { median, round } from '../report/stats';
import { STALL_SUSPECT_CPU_PCT } from '../search/find-max';

/** The fields every system's JSON line has (Arena's report and the peers' botkit output). */
export interface BenchRow {
  readonly system: string;
  readonly n: number;
  readonly tick_hz: number;
  readonly achieved_tick_hz: number | null;
  readonly server_cpu_pct: number | null;
  readonly cpu_us_per_client_tick: number | null;
  readonly tick_ms_p50: number | null;
  readonly tick_ms_p99: number | null;
  readonly down_bytes_per_client_s: number | null;
  readonly ack_ms_p50: number | null;
  readonly ack_ms_p99: number | null;
  readonly bot_cpu_pct: number | null;
  readonly bot_input_hz: number | null;
  readonly errors: number | null;
  readonly bot_cores?: number;
  readonly strategy?: string;
  /** Many rooms: S (null or absent for one room), the rooms, the slowest room's ticks/s. */
  readonly room_size?: number | null;
  readonly rooms?: number | null;
  readonly worst_room_tick_hz?: number | null;
  /** Arena only: the highest of the rooms' own tick p99s (the peers do not report one). */
  readonly worst_room_tick_ms_p99?: number | null;
  /** Bots that joined (a peer's: whose connection opened). */
  readonly connected?: number;
  /** 'datagram': the run's bots played over WebRTC DataChannels (Arena's /datagram systems, geckos). */
  readonly transport?: string;
  /** Bots on an open DataChannel at the window's end (Arena reads it from the server's /metrics). */
  readonly datagram_clients?: number;
  /** pnpm bench --mixed: the probes with no room, and with this run's room running. */
  readonly mixed?: { readonly no_room: ProbePhaseReport; readonly with_room: ProbePhaseReport };
}

const NUMERIC = [
  'achieved_tick_hz',
  'server_cpu_pct',
  'cpu_us_per_client_tick',
  'tick_ms_p50',
  'tick_ms_p99',
  'down_bytes_per_client_s',
  'ack_ms_p50',
  'ack_ms_p99',
  'bot_cpu_pct',
  'bot_input_hz',
  'errors',
  'rooms',
  'worst_room_tick_hz',
  'worst_room_tick_ms_p99',
] as const;

/** Whether any run of the set ran many rooms (then the tables show S, rooms and the worst room). */
export function hasManyRooms(rows: readonly BenchRow[]): boolean {
  return rows.some((r) => r.room_size !== undefined && r.room_size !== null);
}

/** 'server' when the run does not hold T, 'bots' when the bot side saturated (one bot core for peers). */
export function limitedBy(row: BenchRow): string {
  const limits: string[] = [];
  if (!holdsTickRate(row)) limits.push('server');
  if (botsSaturated(row.bot_cpu_pct, row.bot_cores ?? 1, row.bot_input_hz, row.tick_hz)) limits.push('bots');
  return limits.length === 0 ? '-' : limits.join(' + ');
}

const show = (v: number | null | undefined) => (v === null || v === undefined ? '-' : String(v));

/** Whether any run of the set played over datagrams (then the runs table says how many bots did). */
export function hasDatagrams(rows: readonly BenchRow[]): boolean {
  return rows.some((r) => r.transport === 'datagram');
}

/** "bots on a DataChannel / bots that joined" for a datagram run, '-' for a WebSocket one. */
export function datagramCell(row: BenchRow): string {
  if (row.transport !== 'datagram') return '-';
  return `${show(row.datagram_clients)}/${show(row.connected ?? row.n)}`;
}

/**
 * The runs as a Markdown table, the peers' RESULTS.md columns; with many rooms, also S, rooms,
 * the worst room's ticks/s and tick p99, as the peers' table.mjs adds them.
 */
export function runsTable(rows: readonly BenchRow[]): string {
  const isMany = hasManyRooms(rows);
  const roomHead = isMany
    ? ' S | rooms | ticks/s (room mean) | worst room ticks/s | worst room tick p99 ms |'
    : ' ticks/s |';
  const isDatagram = hasDatagrams(rows);
  const head = `| system | N | T |${roomHead} srv CPU % | µs/client/tick | tick p50 ms | tick p99 ms | down B/client/s | ack p50 ms | ack p99 ms | bot CPU % | inputs/s/bot | errors |${isDatagram ? ' on datagrams |' : ''} limited by |`;
  const lines = rows.map((r) => {
    const rooms = isMany
      ? ` ${show(r.room_size)} | ${show(r.rooms)} | ${show(r.achieved_tick_hz)} | ${show(r.worst_room_tick_hz)} | ${show(r.worst_room_tick_ms_p99)} |`
      : ` ${show(r.achieved_tick_hz)} |`;
    const datagrams = isDatagram ? ` ${datagramCell(r)} |` : '';
    return `| ${r.system} | ${r.n} | ${r.tick_hz} |${rooms} ${show(r.server_cpu_pct)} | ${show(r.cpu_us_per_client_tick)} | ${show(r.tick_ms_p50)} | ${show(r.tick_ms_p99)} | ${show(r.down_bytes_per_client_s)} | ${show(r.ack_ms_p50)} | ${show(r.ack_ms_p99)} | ${show(r.bot_cpu_pct)} | ${show(r.bot_input_hz)} | ${show(r.errors)} |${datagrams} ${limitedBy(r)} |`;
  });
  const columns = (isMany ? 19 : 15) + (isDatagram ? 1 : 0);
  return [head, `|${'---|'.repeat(columns)}`, ...lines].join('\n');
}

/** Field-by-field medians of the runs of one system at one (N, T); undefined when there are none. */
export function medianRow(
  rows: readonly BenchRow[],
  system: string,
  n: number,
  tickHz: number,
): BenchRow | undefined {
  const runs = rows.filter((r) => r.system === system && r.n === n && r.tick_hz === tickHz);
  if (runs.length === 0) return undefined;
  const row: Record<string, unknown> = {
    system,
    n,
    tick_hz: tickHz,
    runs: runs.length,
    bot_cores: runs[0]!.bot_cores,
    room_size: runs[0]!.room_size ?? null,
  };
  for (const key of NUMERIC) row[key] = round(median(runs.map((r) => r[key])), key.includes('_ms_') ? 3 : 2);
  return row as unknown as BenchRow;
}

function range(rows: readonly BenchRow[], key: (typeof NUMERIC)[number]): string {
  const values = rows.map((r) => r[key]).filter((v): v is number => typeof v === 'number');
  if (values.length < 2) return '';
  return ` (${Math.min(...values)}-${Math.max(...values)})`;
}

const RATIO_FIELDS: readonly [(typeof NUMERIC)[number], string][] = [
  ['server_cpu_pct', 'server CPU %'],
  ['cpu_us_per_client_tick', 'µs CPU / client / tick'],
  ['down_bytes_per_client_s', 'down bytes / client / s'],
  ['ack_ms_p50', 'ack p50 ms'],
  ['ack_ms_p99', 'ack p99 ms'],
  ['tick_ms_p99', 'tick p99 ms'],
  ['achieved_tick_hz', 'ticks/s'],
];

const ROOM_RATIO_FIELDS: readonly [(typeof NUMERIC)[number], string][] = [
  ['rooms', 'rooms'],
  ['worst_room_tick_hz', 'worst room ticks/s'],
  ['worst_room_tick_ms_p99', 'worst room tick p99 ms'],
];

/** Arena against each peer at one (N, T): medians with ranges, and Arena / peer ratios. */
export function ratioTable(
  rows: readonly BenchRow[],
  arena: string,
  peers: readonly string[],
  n: number,
  tickHz: number,
): string {
  const systems = [arena, ...peers];
  const runsOf = (system: string) =>
    rows.filter((r) => r.system === system && r.n === n && r.tick_hz === tickHz);
  const medians = systems.map((s) => medianRow(rows, s, n, tickHz));
  const counts = systems.map((s) => runsOf(s).length);
  const sizes = [...new Set(runsOf(arena).map((r) => r.room_size ?? null))].filter((v) => v !== null);
  const point =
    sizes.length > 0 ? `N=${n} in rooms of S=${sizes.join('/')}, T=${tickHz}` : `N=${n}, T=${tickHz}`;
  const head = `| ${point} (medians; runs: ${systems.map((s, i) => `${s} ${counts[i]}`).join(', ')}) | ${systems.join(' | ')} | ${peers.map((p) => `${arena} / ${p}`).join(' | ')} |`;
  const sep = `|${'---|'.repeat(1 + systems.length + peers.length)}`;
  const fields = hasManyRooms(rows) ? [...RATIO_FIELDS, ...ROOM_RATIO_FIELDS] : RATIO_FIELDS;
  const lines = fields.map(([key, label]) => {
    const cells = systems.map((s, i) => `${show(medians[i]?.[key])}${range(runsOf(s), key)}`);
    const ratios = peers.map((_, i) => {
      const a = medians[0]?.[key];
      const p = medians[i + 1]?.[key];
      return typeof a === 'number' && typeof p === 'number' && p !== 0 ? (a / p).toFixed(2) : '-';
    });
    return `| ${label} | ${cells.join(' | ')} | ${ratios.join(' | ')} |`;
  });
  return [head, sep, ...lines].join('\n');
}

/**
 * Max N at each T from the matrix medians: the largest N that held (bots not saturated) below
 * the first N that failed under load (server CPU >= 70 %); else SCENARIO.md's extrapolation from
 * the largest N that held, labelled. Failures at low server CPU are stalls from other processes,
 * listed but not taken as the limit.
 */
export function maxNTable(rows: readonly BenchRow[]): string {
  const lines: string[] = [];
  const keys = [...new Set(rows.map((r) => `${r.system}|${r.tick_hz}`))];
  for (const key of keys) {
    const [system, t] = key.split('|') as [string, string];
    const tickHz = Number(t);
    const ns = [
      ...new Set(rows.filter((r) => r.system === system && r.tick_hz === tickHz).map((r) => r.n)),
    ].sort((a, b) => a - b);
    const med = ns.map((n) => medianRow(rows, system, n, tickHz)!);
    const loadFailure = med.find(
      (r) => !holdsTickRate(r) && (r.server_cpu_pct ?? 0) >= STALL_SUSPECT_CPU_PCT,
    );
    const held = med.filter((r) => holdsTickRate(r) && (!loadFailure || r.n < loadFailure.n));
    const driven = held.filter(
      (r) => !botsSaturated(r.bot_cpu_pct, r.bot_cores ?? 1, r.bot_input_hz, tickHz),
    );
    const top = driven.at(-1) ?? held.at(-1);

    const stalls = med.filter(
      (r) => !holdsTickRate(r) && r !== loadFailure && (r.server_cpu_pct ?? 0) < STALL_SUSPECT_CPU_PCT,
    );
    const stallNote =
      stalls.length > 0
        ? `; missed T at low server CPU (stalls) at N=${stalls.map((r) => r.n).join(', ')}`
        : '';
    // CPU time per client per tick stays valid when other processes steal ticks, and fixed costs
    // weigh least at the largest N: that run's cost is the one to extrapolate from.
    const costFrom = med.filter((r) => !loadFailure || r.n < loadFailure.n).at(-1);
    let answer: string;
    if (top && loadFailure && top === driven.at(-1)) answer = `${top.n} <= max < ${loadFailure.n} (measured)`;
    else if (!costFrom) answer = loadFailure ? `< ${loadFailure.n}` : 'no N held';
    else {
      const estimate = extrapolateMaxN(costFrom.cpu_us_per_client_tick ?? null, tickHz);
      const heldText = top ? `held up to ${held.at(-1)!.n}` : 'no N held';
      answer =
        estimate === null
          ? heldText
          : `~${Math.max(estimate, top?.n ?? 0)} (extrapolated from the cost at N=${costFrom.n}, ${costFrom.cpu_us_per_client_tick} µs/client/tick; ${heldText}${loadFailure ? `, failed under load at ${loadFailure.n}` : ''})`;
    }
    lines.push(`| ${system} | ${tickHz} | ${answer}${stallNote} |`);
  }
  return ['| system | T | max N at T |', '|---|---|---|', ...lines].join('\n');
}

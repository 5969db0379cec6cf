import type { ServerWindow } from '@arena/loadtest';
import type { ByteAttribution } from '@arena/protocol';
import type { ProbeSamples } from '../probe/probe-samples';
import { hitAccuracy, type ShotLedger } from '../probe/shot-ledger';
import type { GroundTruth } from '../truth/ground-truth';
import {
  type Distribution,
  distribution,
  type ExtrapolationFigures,
  extrapolationFigures,
  interpolationErrors,
} from './error-stats';

/** How a datagram cell's probes negotiated their channels. */
export interface ChannelFigures {
  /** Offers made in all (a failed handshake is offered again, up to 3 per probe). */
  attempts: number;
  /** Probes whose channel opened. */
  opened: number;
  /** Probes that stayed on the WebSocket: measured there, never counted as datagram figures silently. */
  fallbacks: number;
  /** Probes whose open channel closed during the cell (back on the WebSocket from then on). */
  closed: number;
}

/** Lag-compensation rewinds the server made in the window (its histogram: bucket-interpolated quantiles). */
export interface RewindFigures {
  readonly shots: number;
  readonly p50_ms: number | null;
  readonly p99_ms: number | null;
}

/** Every figure of one cell (JSON names in snake_case with their units, as the load test's). */
export interface CellFigures {
  readonly n: number;
  readonly joined: number;
  /** Where snapshots and inputs travelled: websocket, or datagram (see `channels`). */
  readonly transport: string;
  readonly channels: ChannelFigures | null;
  /** Snapshots each probe received over the datagram channel per second (before simulated loss). */
  readonly datagrams_per_client_s: number | null;
  /** Per rendered frame: how long ago the server produced the newest snapshot the probe held, ms. */
  readonly snapshot_age_ms: Distribution;
  /** Gaps > 100 ms between snapshots that moved a probe on, per probe per minute; and the share of time frozen. */
  readonly freezes_per_client_min: number | null;
  readonly frozen_pct: number | null;
  /** Shots per probe per second, and the hits the shooters saw in their own view vs the hits the server granted. */
  readonly shots_per_client_s: number | null;
  readonly seen_hits: number;
  readonly granted_hits: number;
  /** granted_hits / seen_hits: how often lag compensation honoured what the shooter saw (null: no hit seen). */
  readonly hit_accuracy: number | null;
  readonly rewind: RewindFigures | null;
  readonly duration_s: number;
  readonly achieved_tick_hz: number | null;
  readonly server_cpu_pct: number | null;
  /** Server CPU µs / (N x ticks): the cost per client per tick. */
  readonly cpu_us_per_client_tick: number | null;
  /** What each client received: Arena message payload + WebSocket frame header, as it came off the socket. */
  readonly down_bytes_per_client_s: number | null;
  readonly down_msgs_per_client_s: number | null;
  /** The server's own count of bytes sent (arena_bytes_out_total) per client, a cross-check. */
  readonly server_bytes_out_per_client_s: number | null;
  /** Snapshots each probe decoded per second (after the simulated network dropped some). */
  readonly snapshots_per_client_s: number | null;
  /** Snapshots the bot-side simulated network dropped, percent of those received. */
  readonly snapshots_dropped_pct: number | null;
  readonly inputs_per_client_s: number | null;
  /** Inputs per client message (the game batches when a frame covers more than one tick). */
  readonly inputs_per_message: number | null;
  readonly server_inputs_dropped: number | null;
  /** Input (when produced) to the first snapshot acknowledging it (when the probe got it), ms. */
  readonly ack_ms: Distribution;
  /** Per acknowledgement: how far reconciliation moved the own predicted position, world units. */
  readonly prediction_error: Distribution;
  /** Corrections beyond quantisation noise (0.1 unit) per client per second, and those that snapped (> 48 units). */
  readonly corrections_per_client_s: number | null;
  readonly correction_snaps: number;
  /** Per frame and remote player: drawn position at the render tick vs. the server's at that tick, world units. */
  readonly interpolation_error: Distribution;
  /** Drawn samples without a ground truth (outside the recording, a respawn). */
  readonly interpolation_unmatched: number;
  readonly extrapolation: ExtrapolationFigures;
  /** Per frame: newest snapshot tick minus the render tick, ms (how far in the past others are drawn). */
  readonly render_behind_ms: Distribution;
  /** Per frame: the input pacer's estimate of the probe's inputs waiting on the server (each one a tick of latency). */
  readonly input_backlog: Distribution;
  /** From the recording, over the window: how many inputs the server applied per probe per tick. */
  readonly server_inputs_per_tick: InputsPerTick | null;
  readonly truth: { readonly ticks: number; readonly diverged_at_tick: number | null } | null;
  readonly byte_attribution: ByteAttribution | null;
  /** Frames each probe drew per second (the lab asks for --fps): below it, the probes' core was short. */
  readonly probe_fps: number | null;
  /** CPU of the lab process (every probe) over the window, 100 = one core. */
  readonly lab_cpu_pct: number | null;
  /** Event-loop delay p99 of the lab process over the window, ms: late frames and late message handling. */
  readonly lab_loop_lag_p99_ms: number | null;
  /** The longest event-loop delay of the lab process in the window, ms: one stall can leave inputs queued for seconds. */
  readonly lab_loop_lag_max_ms: number | null;
  /** Ticks the server gave up after a stall of its own (arena_ticks_skipped_total over the window). */
  readonly server_ticks_skipped: number | null;
  readonly problems: readonly string[];
}

/** Shares of a player's ticks in which the server applied no input, one, or several (catching up). */
export interface InputsPerTick {
  readonly player_ticks: number;
  readonly none_pct: number;
  readonly one_pct: number;
  readonly several_pct: number;
}

export interface CellInputs {
  readonly n: number;
  readonly probes: readonly {
    readonly playerId: number;
    readonly samples: ProbeSamples;
    readonly droppedSnapshots: number;
    readonly freezes?: number;
    readonly frozenMs?: number;
    readonly shots?: ShotLedger;
  }[];
  readonly transport?: string;
  readonly channels?: ChannelFigures | undefined;
  readonly rewinds?: RewindFigures;
  readonly window: ServerWindow | undefined;
  readonly truth: GroundTruth | undefined;
  readonly teleportUnits: number;
  readonly byteAttribution: ByteAttribution | undefined;
  readonly labCpuPct: number | undefined;
  readonly labLoopLagP99Ms: number | undefined;
  readonly labLoopLagMaxMs: number | undefined;
  readonly problems: readonly string[];
}

function concat(parts: readonly ArrayLike<number>[]): Float64Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const all = new Float64Array(total);
  let offset = 0;
  for (const part of parts) {
    all.set(part as ArrayLike<number>, offset);
    offset += part.length;
  }
  return all;
}

/** Counts, from the ground truth, the inputs applied per tick to each probe's player over the window. */
export function inputsPerTick(truth: GroundTruth, probes: CellInputs['probes']): InputsPerTick | null {
  const firsts = probes.map((p) => p.samples.firstTick).filter((t): t is number => t !== undefined);
  const lasts = probes.map((p) => p.samples.lastTick).filter((t): t is number => t !== undefined);
  if (firsts.length === 0 || lasts.length === 0) return null;
  const from = Math.min(...firsts);
  const to = Math.max(...lasts);
  let ticks = 0;
  let none = 0;
  let one = 0;
  for (const probe of probes) {
    for (let tick = from; tick <= to; tick++) {
      const count = truth.inputsAppliedAt(probe.playerId, tick);
      if (count === undefined) continue;
      ticks++;
      if (count === 0) none++;
      else if (count === 1) one++;
    }
  }
  if (ticks === 0) return null;
  return {
    player_ticks: ticks,
    none_pct: (none / ticks) * 100,
    one_pct: (one / ticks) * 100,
    several_pct: ((ticks - none - one) / ticks) * 100,
  };
}

function* remotes(samples: ProbeSamples) {
  for (let i = 0; i < samples.remoteCount; i++) yield samples.remoteAt(i);
}

/** Turns the probes' raw samples, the server's window and the ground truth into the cell's figures. */
export function cellFigures(input: CellInputs): CellFigures {
  const { window, probes } = input;
  const joined = probes.length;
  const durationS = window?.durationS ?? 0;
  const perClientS = (total: number) => (joined > 0 && durationS > 0 ? total / joined / durationS : null);
  const sum = (pick: (s: ProbeSamples) => number) => probes.reduce((acc, p) => acc + pick(p.samples), 0);
  const snapshots = sum((s) => s.snapshots);
  const dropped = probes.reduce((acc, p) => acc + p.droppedSnapshots, 0);
  const inputs = sum((s) => s.inputsSent);
  const messages = sum((s) => s.messagesSent);
  const interpolation: Float64Array[] = [];
  let unmatched = 0;
  if (input.truth !== undefined) {
    for (const probe of probes) {
      const result = interpolationErrors(remotes(probe.samples), input.truth, input.teleportUnits);
      interpolation.push(result.errors);
      unmatched += result.unmatched;
    }
  }
  const cpuUs =
    window !== undefined && window.ticks > 0 && joined > 0
      ? (window.cpuSeconds * 1e6) / (input.n * window.ticks)
      : null;
  const probeSum = (pick: (p: CellInputs['probes'][number]) => number | undefined) =>
    probes.reduce((acc, p) => acc + (pick(p) ?? 0), 0);
  const seenHits = probeSum((p) => p.shots?.seenHits);
  const grantedHits = probeSum((p) => p.shots?.grantedHits);
  const clientMinutes = (joined * durationS) / 60;
  return {
    n: input.n,
    joined,
    transport: input.transport ?? 'websocket',
    channels: input.channels ?? null,
    datagrams_per_client_s: input.transport === 'datagram' ? perClientS(sum((s) => s.datagramsIn)) : null,
    snapshot_age_ms: distribution(concat(probes.map((p) => p.samples.snapshotAgeMs.toArray()))),
    freezes_per_client_min: clientMinutes > 0 ? probeSum((p) => p.freezes) / clientMinutes : null,
    frozen_pct:
      joined > 0 && durationS > 0 ? (probeSum((p) => p.frozenMs) / (joined * durationS * 1000)) * 100 : null,
    shots_per_client_s: perClientS(probeSum((p) => p.shots?.shots)),
    seen_hits: seenHits,
    granted_hits: grantedHits,
    hit_accuracy: hitAccuracy(grantedHits, seenHits),
    rewind: input.rewinds ?? null,
    duration_s: durationS,
    achieved_tick_hz: window?.tickHz ?? null,
    server_cpu_pct: window?.cpuPct ?? null,
    cpu_us_per_client_tick: cpuUs,
    down_bytes_per_client_s: perClientS(sum((s) => s.bytesIn)),
    down_msgs_per_client_s: perClientS(sum((s) => s.messagesIn)),
    server_bytes_out_per_client_s: window === undefined ? null : perClientS(window.bytesOut),
    snapshots_per_client_s: perClientS(snapshots),
    snapshots_dropped_pct: snapshots + dropped > 0 ? (dropped / (snapshots + dropped)) * 100 : null,
    inputs_per_client_s: perClientS(inputs),
    inputs_per_message: messages > 0 ? inputs / messages : null,
    server_inputs_dropped: window?.inputsDropped ?? null,
    ack_ms: distribution(concat(probes.map((p) => p.samples.ackLatencyMs.toArray()))),
    prediction_error: distribution(concat(probes.map((p) => p.samples.predictionError.toArray()))),
    corrections_per_client_s: perClientS(sum((s) => s.corrections)),
    correction_snaps: sum((s) => s.snaps),
    interpolation_error: distribution(concat(interpolation)),
    interpolation_unmatched: unmatched,
    extrapolation: extrapolationFigures(concat(probes.map((p) => p.samples.extrapolationMs.toArray()))),
    render_behind_ms: distribution(concat(probes.map((p) => p.samples.renderBehindMs.toArray()))),
    input_backlog: distribution(concat(probes.map((p) => p.samples.inputBacklog.toArray()))),
    server_inputs_per_tick: input.truth === undefined ? null : inputsPerTick(input.truth, probes),
    truth:
      input.truth === undefined
        ? null
        : {
            ticks: input.truth.lastTick - input.truth.firstTick + 1,
            diverged_at_tick: input.truth.divergedAtTick,
          },
    byte_attribution: input.byteAttribution ?? null,
    probe_fps: perClientS(sum((s) => s.frames)),
    lab_cpu_pct: input.labCpuPct ?? null,
    lab_loop_lag_p99_ms: input.labLoopLagP99Ms ?? null,
    lab_loop_lag_max_ms: input.labLoopLagMaxMs ?? null,
    server_ticks_skipped: window?.skipped ?? null,
    problems: input.problems,
  };
}

import {
  DEFAULT_PREDICTOR_TUNING,
  IdleAck,
  INTERP_DELAY_SNAPSHOTS,
  InputPacer,
  MAX_EXTRAPOLATION_MS,
  OwnPlayerPredictor,
  ServerClock,
  SnapshotBuffer,
  TickTimeline,
  teleportDistanceUnits,
} from '@arena/netcode';
import {
  type ArenaMap,
  type ClientMessage,
  type EventsMessage,
  FIRE_COOLDOWN_MS,
  findSnapshotStrategy,
  msToTicks,
  PLAYER_RADIUS_UNITS,
  type PlayerView,
  type PongMessage,
  type SnapshotDecoder,
  type SnapshotMessage,
  type WelcomeMessage,
} from '@arena/protocol';
import type { InputSource, ScriptView } from '../script/input-script';
import { seenHit } from '../script/shot-sight';
import { FreezeCounter } from '../stats/freeze-counter';
import { SnapshotAge } from '../stats/snapshot-age';
import { ProbeSamples } from './probe-samples';
import { ShotLedger } from './shot-ledger';

/** Send times kept: inputs in flight before their ack. */
const SENT_RING = 8192;

export interface ProbeSessionOptions {
  /** How far behind the newest snapshots others are drawn, ms. @default 2 snapshot periods, as the game */
  readonly interpDelayMs?: number;
}

/**
 * The game client's netcode driven by a script instead of a keyboard, with a measuring tape.
 *
 * It wires `@arena/netcode` exactly as the game's RoomSession does: the same predictor tuning and
 * reconciliation on every snapshot, the same InputPacer (one input per tick, batches when a
 * frame is late, the backlog brake fed by the ServerClock's RTT), the same TickTimeline and
 * SnapshotBuffer with the same interpolation delay, extrapolation cap and teleport rule. What it
 * adds is what a player cannot see: input-to-ack latency, the prediction error at each ack, and
 * where every remote player was drawn at which tick (compared with the ground truth later).
 * Inputs come from an InputScript by sequence number, so every cell plays the same inputs.
 * No I/O and no clock: time is an argument.
 */
export class ProbeSession {
  readonly samples = new ProbeSamples();
  /** Samples are taken only while this is on (the measured window). */
  measuring = false;
  readonly playerId: number;
  readonly interpDelayMs: number;
  private readonly map: ArenaMap;
  private readonly decoder: SnapshotDecoder | undefined;
  private readonly tickPeriodMs: number;
  private readonly timeline: TickTimeline;
  private readonly buffer: SnapshotBuffer;
  private readonly pacer: InputPacer;
  private readonly clock = new ServerClock();
  /** As the game: acks snapshots while no inputs leave (before the frame loop starts), so the seat is kept. */
  private readonly idleAck = new IdleAck();
  /** When each input in flight was produced, by seq modulo the ring (NaN: unknown). */
  private readonly sentAtMs = new Float64Array(SENT_RING).fill(Number.NaN);
  private predictor: OwnPlayerPredictor | undefined;
  private latestSelf: PlayerView | undefined;
  private nextSeq = 1;
  private lastAck = 0;
  private newestTick = 0;
  private lastRenderTick: number | undefined;
  private lastFrameMs: number | undefined;
  private readonly freezes = new FreezeCounter();
  private readonly age: SnapshotAge;
  readonly shots: ShotLedger;
  /** The others as the last frame drew them (what the script and the shooter see). */
  private drawnOthers: readonly PlayerView[] = [];

  constructor(
    readonly welcome: WelcomeMessage,
    private readonly script: InputSource,
    private readonly send: (message: ClientMessage) => void,
    options: ProbeSessionOptions = {},
  ) {
    this.playerId = welcome.playerId;
    this.map = { width: welcome.arenaWidth, height: welcome.arenaHeight, walls: welcome.walls };
    this.decoder = findSnapshotStrategy(welcome.strategy)?.createDecoder();
    this.tickPeriodMs = 1000 / welcome.tickRateHz;
    const snapshotPeriodMs = 1000 / welcome.snapshotRateHz;
    this.interpDelayMs = options.interpDelayMs ?? INTERP_DELAY_SNAPSHOTS * snapshotPeriodMs;
    this.timeline = new TickTimeline(this.tickPeriodMs);
    this.buffer = new SnapshotBuffer({
      maxExtrapolationTicks: MAX_EXTRAPOLATION_MS / this.tickPeriodMs,
      teleportDistanceUnits: teleportDistanceUnits(snapshotPeriodMs),
    });
    this.pacer = new InputPacer(this.tickPeriodMs);
    this.age = new SnapshotAge(this.tickPeriodMs);
    this.shots = new ShotLedger(this.playerId, msToTicks(FIRE_COOLDOWN_MS, welcome.tickRateHz));
  }

  /** Freezes (gaps > 100 ms between snapshots that move the client on) while measuring, and their total, ms. */
  get freezeCount(): number {
    return this.freezes.freezes;
  }

  get frozenMs(): number {
    return this.freezes.frozenMs;
  }

  /** The server's events: hits and kills this probe's shots were granted. */
  onEvents(message: EventsMessage): void {
    this.shots.events(message.events, this.measuring);
  }

  /** False when the welcome named a strategy this build cannot decode. */
  get canDecode(): boolean {
    return this.decoder !== undefined;
  }

  /** Inputs sent so far (the next seq minus one). */
  get inputsSent(): number {
    return this.nextSeq - 1;
  }

  /** A ping to send now (the ServerClock's RTT feeds the input pacer's backlog estimate). */
  ping(nowMs: number): ClientMessage {
    return { type: 'ping', clientTimeMs: Math.floor(nowMs) >>> 0 };
  }

  onPong(message: PongMessage, nowMs: number): void {
    const rttMs = (Math.floor(nowMs) - message.clientTimeMs) >>> 0;
    this.clock.observePong(nowMs - rttMs, message.serverTimeMs, nowMs);
    this.age.observeRtt(rttMs);
  }

  onSnapshot(message: SnapshotMessage, nowMs: number): void {
    if (this.decoder === undefined) return;
    const decoded = this.decoder.decode(message.tick, message.body);
    if (!decoded.ok) {
      this.samples.decodeFailures++;
      return;
    }
    const world = decoded.value;
    if (this.measuring) {
      this.samples.snapshots++;
      this.samples.firstTick ??= message.tick;
      this.samples.lastTick = Math.max(this.samples.lastTick ?? 0, message.tick);
    }
    this.freezes.arrived(message.tick, nowMs, this.measuring);
    this.age.arrived(message.tick, nowMs);
    if (message.tick > this.newestTick) this.newestTick = message.tick;
    if (this.idleAck.snapshotArrived(nowMs)) this.send({ type: 'ack', lastSnapshotTick: this.newestTick });
    this.timeline.observe(message.tick, nowMs);
    this.buffer.push(world);
    const self = world.players.find((player) => player.id === this.playerId);
    if (self !== undefined) this.reconcile(message.ackSeq, self, nowMs);
  }

  /** One rendered frame: sends the inputs due, advances the timeline, draws (samples) the others. */
  frame(nowMs: number): void {
    const elapsedMs = this.lastFrameMs === undefined ? 0 : nowMs - this.lastFrameMs;
    this.lastFrameMs = nowMs;
    this.sendInputs(nowMs);
    this.predictor?.smooth(elapsedMs);
    this.timeline.advance(nowMs);
    if (!this.timeline.isReady) return;
    const renderTick = this.timeline.tickAt(nowMs) - this.interpDelayMs / this.tickPeriodMs;
    this.lastRenderTick = renderTick;
    const sampled = this.buffer.sample(renderTick);
    if (sampled.hasData) this.drawnOthers = sampled.players.filter((player) => player.id !== this.playerId);
    if (!this.measuring || !sampled.hasData) return;
    const ageMs = this.age.ageMs(nowMs);
    if (ageMs !== undefined) this.samples.snapshotAgeMs.push(ageMs);
    this.samples.extrapolationMs.push(sampled.extrapolatedTicks * this.tickPeriodMs);
    this.samples.renderBehindMs.push((this.newestTick - renderTick) * this.tickPeriodMs);
    this.samples.inputBacklog.push(Math.max(0, this.pacer.estimatedBacklog));
    for (const player of sampled.players) {
      if (player.id === this.playerId) continue;
      this.samples.addRemote({ renderTick, playerId: player.id, x: player.x, y: player.y });
    }
  }

  private reconcile(ackSeq: number, self: PlayerView, nowMs: number): void {
    const wasAlive = this.latestSelf === undefined || this.latestSelf.hp > 0;
    this.latestSelf = self;
    if (this.predictor === undefined) {
      this.predictor = new OwnPlayerPredictor(
        {
          map: this.map,
          tickRateHz: this.welcome.tickRateHz,
          radius: this.welcome.mode === 'bench' ? 0 : PLAYER_RADIUS_UNITS,
          ...DEFAULT_PREDICTOR_TUNING,
        },
        self,
      );
    }
    const before = this.predictor.position;
    const correction = this.predictor.reconcile(ackSeq, self);
    const after = this.predictor.position;
    if (ackSeq > this.lastAck) {
      // A death or a respawn moves the player for reasons no prediction can know: not an error.
      const isLifeChange = wasAlive !== self.hp > 0;
      if (this.measuring && !isLifeChange && self.hp > 0) {
        this.samples.predictionError.push(Math.hypot(after.x - before.x, after.y - before.y));
        if (correction !== undefined) {
          this.samples.corrections++;
          if (correction.isSnap) this.samples.snaps++;
        }
      }
      if (this.measuring) {
        for (let seq = Math.max(this.lastAck + 1, ackSeq - SENT_RING + 1); seq <= ackSeq; seq++) {
          const sentAt = this.sentAtMs[seq % SENT_RING]!;
          if (!Number.isNaN(sentAt)) this.samples.ackLatencyMs.push(nowMs - sentAt);
        }
      }
      this.lastAck = ackSeq;
    }
    this.pacer.observeBacklog(nowMs, this.predictor.pendingCount, this.clock.rttMs);
  }

  /** What the probe sees now: itself where it predicts itself, the others where the last frame drew them. */
  private scriptView(): ScriptView {
    const position = this.predictor!.position;
    return {
      map: this.map,
      self: { id: this.playerId, x: position.x, y: position.y, hp: this.latestSelf?.hp ?? 0 },
      others: this.drawnOthers,
    };
  }

  private sendInputs(nowMs: number): void {
    // As the game: nothing is sent before the first snapshot gives a position to predict from.
    if (this.predictor === undefined) return;
    const due = this.pacer.due(nowMs);
    if (due === 0) return;
    this.idleAck.reported();
    const isAlive = this.latestSelf === undefined || this.latestSelf.hp > 0;
    const firstSeq = this.nextSeq;
    this.nextSeq += due;
    const inputs = [];
    for (let seq = firstSeq; seq < this.nextSeq; seq++) {
      const view = this.scriptView();
      const scripted = this.script.at(seq, view);
      // A dead player's inputs are consumed without effect on the server: send and predict stillness.
      const moveX = isAlive ? scripted.moveX : 0;
      const moveY = isAlive ? scripted.moveY : 0;
      const fire = isAlive && scripted.fire;
      if (fire && this.welcome.mode === 'arena') {
        this.shots.fired(seq, seenHit(view.self, scripted.aim, view.others, this.map), this.measuring);
      }
      this.predictor.applyInput(seq, moveX, moveY);
      this.sentAtMs[seq % SENT_RING] = nowMs;
      inputs.push({ moveX, moveY, aim: scripted.aim, fire });
    }
    if (this.measuring) {
      this.samples.inputsSent += due;
      this.samples.messagesSent++;
    }
    const clientTimeMs = Math.floor(nowMs) >>> 0;
    const lastSnapshotTick = this.newestTick;
    const renderDelayTicks =
      this.lastRenderTick === undefined
        ? undefined
        : Math.max(0, Math.round(lastSnapshotTick - this.lastRenderTick));
    const extra = renderDelayTicks === undefined ? {} : { renderDelayTicks };
    if (due === 1) {
      this.send({ type: 'input', seq: firstSeq, ...inputs[0]!, clientTimeMs, lastSnapshotTick, ...extra });
    } else {
      this.send({ type: 'inputs', firstSeq, inputs, clientTimeMs, lastSnapshotTick, ...extra });
    }
  }
}

import {
  AlignedInputSchedule,
  IdleAck,
  INPUT_MAX_BURST,
  InputPacer,
  type OwnPlayerPredictor,
} from '@arena/netcode';
import { type ClientMessage, FIRE_COOLDOWN_MS } from '@arena/protocol';
import type { ArenaCues } from './arena-cues';
import type { PlayerIntent } from './frame-state';

/**
 * The own player's inputs on their way out: how many are due (InputPacer with the frames, or
 * AlignedInputSchedule just before the server's ticks), their sequence numbers, one message or a
 * batch, the fire cooldown mirrored for the muzzle flash, and the idle ack that stands in for
 * them while none leave.
 */
export class InputSender {
  private readonly pacer: InputPacer;
  /** Acks the newest snapshot while no inputs leave (a hidden tab has no frames), so the server keeps the seat. */
  private readonly idleAck = new IdleAck();
  /** Tick-aligned inputs' schedule (undefined in frame timing). */
  private readonly alignedInputs: AlignedInputSchedule | undefined;
  private nextSeq = 1;
  private nextShotAtMs = 0;
  private shotAtMs = Number.NEGATIVE_INFINITY;

  constructor(
    tickPeriodMs: number,
    inputTiming: 'aligned' | 'frame' | undefined,
    private readonly send: (message: ClientMessage) => void,
    private readonly cues: ArenaCues,
  ) {
    this.pacer = new InputPacer(tickPeriodMs);
    this.alignedInputs = inputTiming === 'aligned' ? new AlignedInputSchedule(tickPeriodMs) : undefined;
  }

  /** When the next tick-aligned input is due (RoomSession.nextInputAtMs). */
  get nextInputAtMs(): number | undefined {
    return this.alignedInputs?.nextMs;
  }

  /** The lead of tick-aligned inputs, ms (undefined in frame timing). */
  get inputLeadMs(): number | undefined {
    return this.alignedInputs?.leadMs;
  }

  /** The server's estimated backlog of this client's inputs. */
  get estimatedBacklog(): number {
    return this.pacer.estimatedBacklog;
  }

  /** When the own player last pulled the trigger with the cooldown over (performance.now() ms). */
  get lastShotAtMs(): number {
    return this.shotAtMs;
  }

  /** A newer snapshot arrived at `nowMs`: true when the client should send an `ack` now. */
  isAckDue(nowMs: number): boolean {
    return this.idleAck.snapshotArrived(nowMs);
  }

  /** The own player's snapshot was reconciled: `pendingCount` inputs are still unacknowledged. */
  snapshotArrived(ackSeq: number, pendingCount: number, rttMs: number, nowMs: number): void {
    this.pacer.observeBacklog(nowMs, pendingCount, rttMs);
    this.alignedInputs?.snapshotArrived(ackSeq, this.nextSeq - 1, nowMs);
  }

  /**
   * Sends the inputs due at `nowMs` with `intent`, and predicts them on `predictor`;
   * `lastSnapshotTick` and `lastRenderTick` tell the server where others were drawn.
   */
  sendDue(
    nowMs: number,
    intent: PlayerIntent,
    predictor: OwnPlayerPredictor,
    isAlive: boolean,
    lastSnapshotTick: number,
    lastRenderTick: number | undefined,
  ): void {
    const due = this.dueInputs(nowMs);
    // A dead player's inputs are consumed without effect on the server: send stillness, predict stillness.
    const moveX = isAlive ? intent.moveX : 0;
    const moveY = isAlive ? intent.moveY : 0;
    if (due > 0 && isAlive && intent.fire && nowMs >= this.nextShotAtMs) {
      // The server's cooldown decides; this only mirrors it for the flash.
      this.shotAtMs = nowMs;
      this.nextShotAtMs = nowMs + FIRE_COOLDOWN_MS;
      this.cues.fired();
    }
    if (due === 0) return;
    this.idleAck.reported();
    const fire = isAlive && intent.fire;
    const firstSeq = this.nextSeq;
    this.nextSeq += due;
    for (let seq = firstSeq; seq < this.nextSeq; seq++) predictor.applyInput(seq, moveX, moveY);
    const clientTimeMs = Math.floor(nowMs);
    // how far behind the newest snapshot others are drawn: the server judges our shots there
    const renderDelayTicks =
      lastRenderTick === undefined ? undefined : Math.max(0, Math.round(lastSnapshotTick - lastRenderTick));
    if (due === 1) {
      this.send({
        type: 'input',
        seq: firstSeq,
        moveX,
        moveY,
        aim: intent.aim,
        fire,
        clientTimeMs,
        lastSnapshotTick,
        ...(renderDelayTicks === undefined ? {} : { renderDelayTicks }),
      });
      return;
    }
    // Several ticks passed since the last frame (a slow frame, a frame rate below the tick
    // rate): one batch message instead of one message per tick.
    const inputs = Array.from({ length: due }, () => ({ moveX, moveY, aim: intent.aim, fire }));
    this.send({
      type: 'inputs',
      firstSeq,
      inputs,
      clientTimeMs,
      lastSnapshotTick,
      ...(renderDelayTicks === undefined ? {} : { renderDelayTicks }),
    });
  }

  /** Inputs due at `nowMs`: with the frames (InputPacer) or on the tick-aligned schedule. */
  private dueInputs(nowMs: number): number {
    const aligned = this.alignedInputs;
    if (aligned === undefined || aligned.nextMs === undefined) return this.pacer.due(nowMs);
    return aligned.due(nowMs, INPUT_MAX_BURST);
  }
}

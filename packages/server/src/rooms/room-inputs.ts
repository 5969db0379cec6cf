import type { InputMessage } from '@arena/protocol';
import type { AppliedInput } from '../sim/world-state';
import { InputQueue, inputCreditCap, standingBacklogFor } from './input-queue';
import type { RoomObserver } from './room-observer';
import type { RoomStats } from './room-stats';
import type { RoomConfig } from './room-types';
import { withViewTick } from './with-view-tick';

/** A seat whose inputs a tick applies: a player's or a server bot's. */
export interface InputSeat {
  readonly playerId: number;
  readonly inputs: InputQueue;
}

/** A player's seat as input receiving sees it: its queue, and the delta baseline its reports move. */
export interface ReportingSeat extends InputSeat {
  /** Newest snapshot tick this player reported receiving: its delta baseline (0 = send a keyframe). */
  baselineTick: number;
}

/** What RoomInputs takes from the room's options. */
export interface RoomInputsOptions {
  readonly config: RoomConfig;
  /** Bound of each seat's input queue. */
  readonly inputQueueMax: number;
  /** Input catch-up a seat may bank, ms (input-queue.ts). @default INPUT_CREDIT_MS */
  readonly inputCreditMs?: number | undefined;
  readonly observer?: RoomObserver | undefined;
}

/**
 * A room's inputs, from queue to world: each seat's queue with the room's bound and credit,
 * inputs received into it (counted, their snapshot reports taken as the seat's baseline), and
 * each tick's inputs taken out, stamped with the view tick lag compensation judges shots in.
 */
export class RoomInputs {
  private readonly taken = new Map<number, readonly AppliedInput[]>();
  private readonly interpolationDelayTicks: number;

  constructor(
    private readonly options: RoomInputsOptions,
    private readonly stats: RoomStats,
  ) {
    const { tickRateHz, snapshotRateHz } = options.config;
    // Clients render others about two snapshot periods behind the newest snapshot (the game
    // client's default interpolation delay): that is the view a lag-compensated shot is judged in.
    this.interpolationDelayTicks = 2 * Math.ceil(tickRateHz / snapshotRateHz);
  }

  /** The inputs the current tick applies, by player id (refilled each tick). */
  get thisTick(): ReadonlyMap<number, readonly AppliedInput[]> {
    return this.taken;
  }

  /** An empty input queue for a seat taken (or taken back). */
  newQueue(): InputQueue {
    const { inputCreditMs } = this.options;
    const onStaleCut = (count: number) => {
      this.stats.inputsDropped += count;
      for (let i = 0; i < count; i++) this.options.observer?.inputDropped();
    };
    return new InputQueue(
      this.options.inputQueueMax,
      inputCreditCap(this.options.config.tickRateHz, inputCreditMs),
      onStaleCut,
      standingBacklogFor(inputCreditMs),
    );
  }

  /** Queues a validated input at room tick `tick`: 'dropped' if stale, duplicate or overflowing, 'forged' if too far ahead. */
  receive(seat: ReportingSeat, input: InputMessage, tick: number): 'queued' | 'dropped' | 'forged' {
    this.stats.inputsReceived++;
    this.acknowledge(seat, input.lastSnapshotTick, tick);
    const outcome = seat.inputs.offer(input);
    if (outcome === 'queued') return 'queued';
    this.stats.inputsDropped++;
    this.options.observer?.inputDropped();
    return outcome === 'too-far-ahead' ? 'forged' : 'dropped';
  }

  /** The latest report wins, even when lower: a client that lost its baselines reports 0 to get a keyframe. */
  acknowledge(seat: ReportingSeat, lastSnapshotTick: number, tick: number): void {
    if (lastSnapshotTick <= tick) seat.baselineTick = lastSnapshotTick;
  }

  /** A new tick: nothing taken yet. */
  beginTick(): void {
    this.taken.clear();
  }

  /** A seat's inputs for this tick, into thisTick; how many. */
  take(seat: InputSeat): number {
    const inputs = seat.inputs.takeForTick();
    if (inputs.length === 0) return 0;
    const applied =
      this.options.config.maxRewindMs > 0
        ? inputs.map((input) => withViewTick(input, this.interpolationDelayTicks))
        : inputs;
    this.taken.set(seat.playerId, applied);
    return inputs.length;
  }
}

import { DATAGRAM_INPUT_REDUNDANCY } from './datagram';
import type { InputBatchMessage, InputIntent, InputMessage } from './messages';

/**
 * The client side of input redundancy on the datagram channel: each new input goes out with the
 * few before it (oldest first, consecutive seqs) as one `inputs` batch, so the server recovers an
 * input whose datagram was lost from the next one. The server ignores the repeats by seq.
 */
export class RedundantInputs {
  private readonly recent: InputIntent[] = [];
  private newestSeq = 0;

  constructor(private readonly depth: number = DATAGRAM_INPUT_REDUNDANCY) {}

  /** The datagram to send for this input: it and up to `depth - 1` inputs before it. */
  push(input: InputMessage): InputBatchMessage {
    // a seq that does not follow on (a reset, a resent input) starts the window over
    if (input.seq !== this.newestSeq + 1) this.recent.length = 0;
    this.newestSeq = input.seq;
    this.recent.push({ moveX: input.moveX, moveY: input.moveY, aim: input.aim, fire: input.fire });
    if (this.recent.length > this.depth) this.recent.shift();
    return {
      type: 'inputs',
      firstSeq: input.seq - this.recent.length + 1,
      inputs: [...this.recent],
      clientTimeMs: input.clientTimeMs,
      lastSnapshotTick: input.lastSnapshotTick,
      ...(input.renderDelayTicks === undefined ? {} : { renderDelayTicks: input.renderDelayTicks }),
    };
  }
}

/**
 * The inputs of a batch newer than `newestDelivered`, as a batch (undefined when none is new):
 * what the server passes on from a datagram whose older inputs arrived in earlier ones.
 */
export function inputsAfter(
  batch: InputBatchMessage,
  newestDelivered: number,
): InputBatchMessage | undefined {
  const skip = Math.max(0, newestDelivered - batch.firstSeq + 1);
  if (skip >= batch.inputs.length) return undefined;
  if (skip === 0) return batch;
  return { ...batch, firstSeq: batch.firstSeq + skip, inputs: batch.inputs.slice(skip) };
}

/** A batch as the inputs it stands for, one by one with consecutive seqs (what a server applies). */
export function inputsOfBatch(batch: InputBatchMessage): InputMessage[] {
  return batch.inputs.map((intent, i) => ({
    type: 'input',
    seq: batch.firstSeq + i,
    ...intent,
    clientTimeMs: batch.clientTimeMs,
    lastSnapshotTick: batch.lastSnapshotTick,
    ...(batch.renderDelayTicks === undefined ? {} : { renderDelayTicks: batch.renderDelayTicks }),
  }));
}

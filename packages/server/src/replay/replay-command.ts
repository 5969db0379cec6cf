// `arena replay FILE`: re-simulates a recorded match and verifies the state hash of every tick.
import { readFileSync } from 'node:fs';
import { readRecording } from './recording-format';
import { replayRecording } from './replay-match';

const USAGE = `Usage: arena replay FILE

Re-simulates a match recording (rooms created with "record": true write them) from its seed and
inputs, and checks the state hash of every tick against the recorded one.
Exit code 0 when every tick matches, 1 on a mismatch, 2 when the file cannot be read.`;

export function runReplayCommand(args: readonly string[]): number {
  const [file] = args;
  if (file === undefined || file === '--help' || args.length > 1) {
    console.log(USAGE);
    return file === '--help' ? 0 : 2;
  }
  let recording: ReturnType<typeof readRecording>;
  try {
    recording = readRecording(readFileSync(file));
  } catch (error) {
    console.error(`arena replay: ${file}: ${(error as Error).message}`);
    return 2;
  }
  const { header } = recording;
  const started = performance.now();
  const result = replayRecording(recording);
  const elapsedMs = performance.now() - started;
  const seconds = result.ticks / header.tickRateHz;
  console.log(
    `${file}: room ${header.roomId} (${header.mode}, ${header.tickRateHz} Hz, seed ${header.seed}), ` +
      `${result.ticks} ticks = ${seconds.toFixed(1)} s of play, re-simulated in ${elapsedMs.toFixed(0)} ms`,
  );
  if (result.mismatches.length === 0) {
    console.log(`OK: every tick's state hash matches (final ${result.finalHash.slice(0, 16)})`);
    return 0;
  }
  const first = result.mismatches[0]!;
  console.log(
    `MISMATCH on ${result.mismatches.length} ticks; first at tick ${first.tick}: ` +
      `recorded ${first.recordedHash}, replayed ${first.replayedHash}`,
  );
  return 1;
}

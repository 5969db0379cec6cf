// Hardening benchmark: does one client that stops reading slow the tick for everyone else?
// Run from the repository root:  node --import tsx bench/hardening/slow-consumer.ts [players=20] [rounds=3]
// Prints a table and one JSON line; BENCHMARKS.md ("Hardening") records a run.
import { runSlowConsumerBench } from '../../packages/fuzz/src/bench/slow-consumer-bench.ts';

const players = Number(process.argv[2] ?? 20);
const rounds = Number(process.argv[3] ?? 3);
const report = await runSlowConsumerBench({ players, rounds });
console.log(
  `two rooms side by side, each: ${report.players} players + 1 on WebSockets, ${report.fillers} in-process ` +
    `seat fillers, ${report.tickRateHz} Hz, bench mode, full snapshots; the "+ 1" of one room stops reading`,
);
console.log(
  'round | room          | ticks | p50 ms | p99 ms | p99.9 ms | max ms | slow backlog KiB | skipped | RSS MiB',
);
report.rounds.forEach((round, index) => {
  for (const [name, stats] of [
    ['baseline', round.baseline],
    ['slow consumer', round.slowConsumer],
  ] as const) {
    console.log(
      [
        String(index + 1).padStart(5),
        name.padEnd(13),
        String(stats.ticks).padStart(5),
        stats.p50Ms.toFixed(3).padStart(6),
        stats.p99Ms.toFixed(3).padStart(6),
        stats.p999Ms.toFixed(3).padStart(8),
        stats.maxMs.toFixed(2).padStart(6),
        (name === 'baseline' ? '-' : (round.maxSlowBacklogBytes / 1024).toFixed(1)).padStart(16),
        (name === 'baseline' ? '-' : String(round.snapshotsSkipped)).padStart(7),
        String(round.rssMiB).padStart(7),
      ].join(' | '),
    );
  }
});
console.log(
  `p99 ratio, slow consumer / baseline (median of rounds): ${report.ratio.toFixed(3)} (target <= 1.1); ` +
    `per round: ${report.rounds.map((r) => r.ratio.toFixed(3)).join(', ')}`,
);
console.log(JSON.stringify(report));
process.exit(0);

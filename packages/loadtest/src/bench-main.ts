// The `pnpm bench` binary: the reference scenario, the matrix, and optionally the peers.
import { BENCH_USAGE, parseBenchArgs, REPO_ROOT } from './bench/bench-options';
import { runBench, tableFromFiles } from './bench/run-bench';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${(error as Error).message}\n\n${BENCH_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(BENCH_USAGE);
    return 0;
  }
  if (options.tableFiles.length > 0) {
    console.log(await tableFromFiles(options.tableFiles));
    return 0;
  }
  const markdown = await runBench(options, REPO_ROOT, (line) => console.error(line));
  console.log(markdown);
  return 0;
}

process.exit(await main());

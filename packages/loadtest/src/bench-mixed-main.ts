// The `pnpm bench:mixed` binary: the mixed-load probes against any running server.
import { readFile, writeFile } from 'node:fs/promises';
import { mixedTable } from './probe/mixed-table';
import { PROBE_USAGE, parseProbeArgs } from './probe/probe-options';
import { probeSummaryText } from './probe/probe-summary';
import { type ProbePhaseReport, runProbes } from './probe/run-probes';

async function main(): Promise<number> {
  let options: ReturnType<typeof parseProbeArgs>;
  try {
    options = parseProbeArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`bench:mixed: ${(error as Error).message}\n\n${PROBE_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(PROBE_USAGE);
    return 0;
  }
  try {
    const report = await runProbes(options.settings, (line) => console.error(line));
    if (options.outFile !== undefined) await writeFile(options.outFile, `${JSON.stringify(report)}\n`);
    console.log(probeSummaryText(report));
    if (options.baselineFile !== undefined) {
      const baseline = JSON.parse(await readFile(options.baselineFile, 'utf8')) as ProbePhaseReport;
      const run = { tick_hz: options.settings.tickHz, no_room: baseline, with_room: report };
      console.log(`\n${mixedTable([run], [`with / no: this phase against ${options.baselineFile}`, ''])}`);
    }
    return 0;
  } catch (error) {
    console.error(`bench:mixed: ${(error as Error).message}`);
    return 1;
  }
}

// Exit explicitly: sockets left by the probes must not hold the process open.
process.exit(await main());

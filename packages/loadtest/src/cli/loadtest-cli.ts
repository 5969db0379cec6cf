import { renderFindMaxHtml, renderRunHtml } from '../report/html-report';
import type { LoadTestReport } from '../report/load-test-report';
import { runLoadTest, SILENT_PROGRESS } from '../run/run-load-test';
import { findMaxN } from '../search/find-max';
import { LINGERING_MARKER, lingerFor } from './linger';
import { LOADTEST_USAGE, parseLoadTestArgs } from './loadtest-options';
import { findMaxSummaryText, runSummaryText } from './summary-text';
import { createTerminalProgress } from './terminal-progress';
import { fileStamp, writeReports } from './write-reports';

/** `pnpm loadtest`: returns the process exit code (0 done, 1 the run failed, 2 bad flags). */
export async function loadTestCli(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseLoadTestArgs>;
  try {
    options = parseLoadTestArgs(argv);
  } catch (error) {
    console.error(`loadtest: ${(error as Error).message}\n\n${LOADTEST_USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(LOADTEST_USAGE);
    return 0;
  }
  const { run, outDir } = options;
  const progressFor = (label: string) =>
    options.isQuiet ? SILENT_PROGRESS : createTerminalProgress(process.stderr, label);
  try {
    if (options.findMax === undefined) {
      const rooms = run.roomSize === undefined ? '' : `-s${run.roomSize}`;
      const name = options.name ?? `${run.system}-n${run.bots}${rooms}-t${run.tickHz}-${fileStamp()}`;
      const publish = async (report: LoadTestReport) => {
        const paths = await writeReports(outDir, name, report, renderRunHtml(report));
        console.log(runSummaryText(report));
        console.log(`reports: ${paths.json}\n         ${paths.html}`);
      };
      const lingerS = run.lingerS ?? 0;
      // Lingering, the report is out before the bots stop, so whoever waits for it can read it.
      const linger = async (report: LoadTestReport) => {
        await publish(report);
        // SIGTERM is taken from here on, before the marker tells whoever waits that it may send it
        const lingering = lingerFor(lingerS);
        console.error(`${LINGERING_MARKER} (bots play on for up to ${lingerS} s; SIGTERM ends it)`);
        await lingering;
      };
      const report = await runLoadTest(run, progressFor(''), lingerS > 0 ? linger : undefined);
      if (lingerS === 0) await publish(report);
      return 0;
    }
    const runs: LoadTestReport[] = [];
    const result = await findMaxN({
      tickHz: run.tickHz,
      startN: options.findMax.startN,
      maxN: options.findMax.maxN,
      resolution: options.findMax.resolution,
      retries: options.findMax.retries,
      runAt: async (n) => {
        const config = { ...run, bots: n, observers: Math.min(run.observers, n) };
        // One failed run (a scrape timing out on a stalled machine) must not end a long search:
        // try it once more after a pause.
        const report = await runLoadTest(config, progressFor(`N=${n}`)).catch(async (error: unknown) => {
          console.error(`loadtest: the run at N=${n} failed (${(error as Error).message}); once more in 5 s`);
          await new Promise((resolve) => setTimeout(resolve, 5000));
          return runLoadTest(config, progressFor(`N=${n}`));
        });
        runs.push(report);
        if (!options.isQuiet) console.error(runSummaryText(report));
        return {
          n,
          holds: report.holds,
          botSaturated: report.bot_saturated,
          cpuUsPerClientTick: report.cpu_us_per_client_tick,
          achievedTickHz: report.achieved_tick_hz,
          serverCpuPct: report.server_cpu_pct,
        };
      },
    });
    const name = options.name ?? `${run.system}-findmax-t${run.tickHz}-${fileStamp()}`;
    const json = { ...result, system: run.system, config: { ...run, ...options.findMax }, runs };
    const paths = await writeReports(outDir, name, json, renderFindMaxHtml(result, runs));
    console.log(findMaxSummaryText(result));
    console.log(`reports: ${paths.json}\n         ${paths.html}`);
    return 0;
  } catch (error) {
    console.error(`loadtest: ${(error as Error).message}`);
    return 1;
  }
}

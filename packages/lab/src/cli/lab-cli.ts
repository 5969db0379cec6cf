import { type LabLog, runLab } from '../run/run-lab';
import { LAB_USAGE, parseLabArgs } from './lab-options';

const REPO_ROOT = new URL('../../../../', import.meta.url).pathname;

/** Progress on stderr: on a terminal the live line is rewritten in place, elsewhere one line per phase. */
export function stderrLog(isQuiet: boolean, stream: NodeJS.WriteStream = process.stderr): LabLog {
  let hasStatus = false;
  let lastPlain = '';
  return {
    line(text) {
      if (hasStatus) stream.write('\r\x1b[2K');
      hasStatus = false;
      stream.write(`${text}\n`);
    },
    status(text) {
      if (isQuiet) return;
      if (stream.isTTY) {
        const width = stream.columns ?? 160;
        stream.write(`\r\x1b[2K${text.slice(0, width - 1)}`);
        hasStatus = true;
        return;
      }
      // Not a terminal: a line per phase change, not per second.
      const phase = text.replace(/ \d+\/\d+ s \|.*$/, '').replace(/ \d+\/\d+$/, '');
      if (phase === lastPlain) return;
      lastPlain = phase;
      stream.write(`${text}\n`);
    },
  };
}

/** Runs `pnpm lab` with these arguments; returns the exit code (0 ok, 1 a cell failed or the run failed, 2 bad flags). */
export async function runLabCli(argv: readonly string[]): Promise<number> {
  let options: ReturnType<typeof parseLabArgs>;
  try {
    options = parseLabArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${LAB_USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${LAB_USAGE}\n`);
    return 0;
  }
  const log = stderrLog(options.isQuiet);
  try {
    const { json, html, report } = await runLab(options, REPO_ROOT, log, argv);
    const failed = report.cells.filter((cell) => cell.figures === null).length;
    process.stdout.write(`lab report: ${html}\nlab figures: ${json}\n`);
    if (failed > 0)
      process.stderr.write(`${failed} of ${report.cells.length} cells failed (see the report)\n`);
    return failed > 0 ? 1 : 0;
  } catch (error) {
    log.line(`lab failed: ${(error as Error).message}`);
    return 1;
  }
}

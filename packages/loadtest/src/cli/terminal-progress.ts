import cliProgress from 'cli-progress';
import type { LiveFigures, RunPhase, RunProgress } from '../run/run-load-test';

const fmt = (value: number | null | undefined, digits = 1, unit = '') =>
  value === null || value === undefined || !Number.isFinite(value) ? '-' : `${value.toFixed(digits)}${unit}`;

function kb(value: number | null | undefined): string {
  return value === null || value === undefined ? '-' : `${(value / 1000).toFixed(1)} kB`;
}

/** The live figures as one short line: bots, ticks/s, tick p99, server CPU, bytes/client/s, acks. */
export function describeFigures(f: LiveFigures): string {
  return [
    `bots ${f.connected}`,
    `ticks/s ${fmt(f.tickHz)}`,
    `tick p99 ${fmt(f.tickMsP99, 2, ' ms')}`,
    `srv CPU ${fmt(f.serverCpuPct, 0, ' %')}`,
    `down ${kb(f.downBytesPerClientS)}/client/s`,
    `ack p50/p99 ${fmt(f.ackMsP50, 1)}/${fmt(f.ackMsP99, 1)} ms`,
  ].join(' | ');
}

const PHASE_LABEL: Record<RunPhase, string> = { connect: 'joining', warmup: 'warm-up', measure: 'measuring' };

/**
 * Progress on a terminal: a cli-progress bar per phase with the live figures beside it. When
 * stderr is not a TTY (CI, pipes, files) it prints one plain line per update instead.
 */
export function createTerminalProgress(stream: NodeJS.WriteStream = process.stderr, label = ''): RunProgress {
  const prefix = label ? `[${label}] ` : '';
  if (!stream.isTTY) {
    let phase: RunPhase = 'connect';
    let total = 0;
    let lastConnectLine = 0;
    return {
      phase(next, t) {
        phase = next;
        total = t;
        stream.write(`${prefix}${PHASE_LABEL[next]} (${next === 'connect' ? `${t} bots` : `${t} s`})\n`);
      },
      update(done, figures) {
        if (phase === 'connect') {
          // Every 10 % of the bots, not every join.
          const step = Math.max(1, Math.ceil(total / 10));
          if (done - lastConnectLine < step && done < total) return;
          lastConnectLine = done;
          stream.write(`${prefix}joined ${done}/${total}\n`);
          return;
        }
        stream.write(
          `${prefix}${PHASE_LABEL[phase]} ${done.toFixed(0)}/${total} s | ${describeFigures(figures)}\n`,
        );
      },
      note(line) {
        stream.write(`${prefix}${line}\n`);
      },
      end() {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    phase(next, total) {
      stop();
      bar = new cliProgress.SingleBar(
        {
          stream,
          format: `${prefix}${PHASE_LABEL[next].padEnd(9)} [{bar}] {value}/{total}${next === 'connect' ? ' bots' : ' s'} | {figures}`,
          barsize: 20,
          hideCursor: true,
          clearOnComplete: false,
          stopOnComplete: false,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { figures: '' });
    },
    update(done, figures) {
      bar?.update(Math.round(done), { figures: describeFigures(figures) });
    },
    note(line) {
      stop();
      stream.write(`${prefix}${line}\n`);
    },
    end: stop,
  };
}

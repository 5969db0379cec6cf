import { type ServerScrape, type ServerWindow, scrapeServer, serverWindow } from './server-scrape';

/** One server of a run and the room its bots join there. */
export interface RunTarget {
  readonly url: string;
  readonly roomId: string;
}

/** GET /metrics of every server of the run, at once. */
export function scrapeServers(targets: readonly RunTarget[]): Promise<ServerScrape[]> {
  return Promise.all(targets.map((target) => scrapeServer(target.url, target.roomId)));
}

/**
 * The window over every server of the run (several nodes of a cluster). The run holds T only if
 * every room does, so the slowest tick rate and the busiest process (100 = one core) stand for
 * the whole; CPU and traffic counters are summed. `ticks` is the ticks of one room (their mean),
 * so CPU per client and tick stays total CPU / (all bots x ticks). One server: its own window.
 */
export function clusterWindow(a: readonly ServerScrape[], b: readonly ServerScrape[]): ServerWindow {
  const windows = a.map((scrape, index) => serverWindow(scrape, b[index]!));
  if (windows.length === 1) return windows[0]!;
  const sum = (pick: (w: ServerWindow) => number) => windows.reduce((total, w) => total + pick(w), 0);
  const worst = (pick: (w: ServerWindow) => number | undefined) => {
    const values = windows.map(pick).filter((value): value is number => value !== undefined);
    return values.length === 0 ? undefined : Math.max(...values);
  };
  return {
    durationS: Math.max(...windows.map((w) => w.durationS)),
    ticks: sum((w) => w.ticks) / windows.length,
    tickHz: Math.min(...windows.map((w) => w.tickHz)),
    tickMsP50: worst((w) => w.tickMsP50),
    tickMsP99: worst((w) => w.tickMsP99),
    cpuSeconds: sum((w) => w.cpuSeconds),
    cpuPct: Math.max(...windows.map((w) => w.cpuPct)),
    overruns: sum((w) => w.overruns),
    skipped: sum((w) => w.skipped),
    bytesOut: sum((w) => w.bytesOut),
    messagesIn: sum((w) => w.messagesIn),
    messagesOut: sum((w) => w.messagesOut),
    inputsApplied: sum((w) => w.inputsApplied),
    inputsDropped: sum((w) => w.inputsDropped),
    refused: sum((w) => w.refused),
    datagramsOut: sum((w) => w.datagramsOut),
    datagramSnapshotsOversized: sum((w) => w.datagramSnapshotsOversized),
  };
}

/** End-of-run gauges of several servers: the worst of each (largest memory, lag, tick time). */
export function worstScrape(scrapes: readonly ServerScrape[]): ServerScrape {
  const worst = (pick: (s: ServerScrape) => number | undefined) => {
    const values = scrapes.map(pick).filter((value): value is number => value !== undefined);
    return values.length === 0 ? undefined : Math.max(...values);
  };
  return {
    ...scrapes[0]!,
    rssBytes: worst((s) => s.rssBytes),
    eventLoopLagP99Seconds: worst((s) => s.eventLoopLagP99Seconds),
    roomTickP50Seconds: worst((s) => s.roomTickP50Seconds),
    roomTickP99Seconds: worst((s) => s.roomTickP99Seconds),
    datagram: {
      clients: scrapes.reduce((total, s) => total + s.datagram.clients, 0),
      channelsOpened: scrapes.reduce((total, s) => total + s.datagram.channelsOpened, 0),
      channelsFailed: scrapes.reduce((total, s) => total + s.datagram.channelsFailed, 0),
      datagramsOut: scrapes.reduce((total, s) => total + s.datagram.datagramsOut, 0),
      snapshotsOversized: scrapes.reduce((total, s) => total + s.datagram.snapshotsOversized, 0),
    },
  };
}

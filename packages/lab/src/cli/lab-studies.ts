/** The input scripts probes can play. */
export const LAB_SCRIPTS = ['walk', 'combat'] as const;
export type LabScript = (typeof LAB_SCRIPTS)[number];

/** A named study: the flags it stands for, as raw flag values (explicit flags override them). */
export interface LabStudy {
  readonly strategies: string;
  readonly transports: string;
  readonly networks: string;
  readonly script: LabScript;
  readonly bots: number;
  readonly durationS: number;
}

const STUDY_RTTS_MS = [20, 80, 150];
const STUDY_LOSSES_PCT = [0, 1, 2, 5];

/** RTT x loss, labelled "rtt80-loss2": one-way latency is half the RTT, no jitter, no bandwidth cap. */
function rttLossGrid(): string {
  return STUDY_RTTS_MS.flatMap((rtt) =>
    STUDY_LOSSES_PCT.map((loss) => `rtt${rtt}-loss${loss}=${rtt / 2}:0:${loss}:0`),
  ).join(',');
}

/**
 * Issue 18's question, what unreliable datagrams buy over TCP at loss: every RTT x loss rate,
 * WebSocket against datagrams, full against delta snapshots, with probes in combat (so
 * shots are judged). 48 cells of 8 probes: about 11 minutes on a quiet 2-core machine, up to 20 on a loaded one.
 */
export const LAB_STUDIES: Readonly<Record<string, LabStudy>> = {
  transport: {
    strategies: 'full,delta',
    transports: 'websocket,datagram',
    networks: rttLossGrid(),
    script: 'combat',
    bots: 8,
    durationS: 6,
  },
};

export const STUDY_HELP = `RTT {${STUDY_RTTS_MS.join(',')}} ms x loss {${STUDY_LOSSES_PCT.join(',')}} % x websocket,datagram x full,delta, --script combat, 8 probes, 6 s`;

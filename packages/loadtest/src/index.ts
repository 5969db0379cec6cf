// @arena/loadtest: headless bots, server metrics, reports and the bench, for `pnpm loadtest`,
// `pnpm bench` and other runners (the netcode lab) that start servers and measure them.

export { ArenaServerProcess, freePort, LOAD_TEST_LIMITS } from './bench/arena-server-process';
export { hasTaskset, pinTo, stopChild } from './bench/child-process';
export { codeVersion } from './bench/run-bench';
export type { BotSink } from './bots/bot';
export { Bot } from './bots/bot';
export type { BotOptions } from './bots/bot-options';
export type { JoinAttempt, JoinAttemptOptions } from './bots/join-attempt';
export { startJoin } from './bots/join-attempt';
export type { NetworkSpec } from './bots/network-spec';
export { NETWORK_SPEC_HELP, networkLabel, parseNetworkSpec, parseNetworkSpecs } from './bots/network-spec';
export {
  BOT_DATAGRAM_OPEN_TIMEOUT_MS,
  loadNodeRtcPeers,
  nodeTimer,
  releaseDatagramLibrary,
} from './bots/node-rtc-peer';
export { SimulatedLink, seededRandom } from './bots/simulated-link';
export { wsHeaderBytes } from './bots/ws-bytes';
export { integerFlag, secondsFlag } from './cli/flag-values';
export { fileStamp, writeReports } from './cli/write-reports';
export { bucketDelta, histogramQuantile } from './metrics/histogram-quantile';
export type { HistogramBucket } from './metrics/prometheus-text';
export { MetricSet, parsePrometheusText } from './metrics/prometheus-text';
export type { ServerScrape, ServerWindow } from './metrics/server-scrape';
export { scrapeServer, serverWindow } from './metrics/server-scrape';
export { axisLabel, escapeHtml, niceStep } from './report/chart-axis';
export { median, percentile, round } from './report/stats';
export type { ChartLine, ChartSpec } from './report/svg-chart';
export { lineChart } from './report/svg-chart';

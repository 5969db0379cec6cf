// Child process for the churn soak (run with --expose-gc): thousands of connect / join / leave /
// disconnect cycles against a real server in this process, then a count of what is left. Prints
// one JSON line: the baseline and final resource counts, active handles, and heap after GC.
import {
  arenaSocketParser,
  decodeServerMessage,
  encodeClientMessage,
  PROTOCOL_VERSION,
} from '@arena/protocol';
import { createArenaServer } from '@arena/server';
import { waitFor } from '@arena/testing';
import { io } from 'socket.io-client';

const CYCLES = Number(process.argv[2] ?? 2000);
const WARMUP_CYCLES = 200;
const CONCURRENCY = 16;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error('run with --expose-gc');

const server = await createArenaServer({
  host: '127.0.0.1',
  port: 0,
  logLevel: 'silent',
  clientDir: '',
  // one address opens thousands of connections here: lift the per-address limits
  maxConnectionsPerIp: 0,
  ipJoinRatePerMin: 0,
  joinRatePerMin: 100_000,
  reconnectGraceMs: 50,
  roomIdleTimeoutMs: 50,
});
const url = await server.listen();

/** One player's life: connect, join, then leave (or drop, or drop and rejoin), disconnect. */
async function cycle(index: number): Promise<void> {
  const open = () =>
    io(url, { transports: ['websocket'], reconnection: false, forceNew: true, parser: arenaSocketParser });
  const received: string[] = [];
  let token = '';
  const socket = open();
  socket.on('m', (data: ArrayBuffer) => {
    const message = decodeServerMessage(data);
    if (!message.ok) return;
    received.push(message.value.type);
    if (message.value.type === 'welcome') token = message.value.seatToken ?? '';
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.emit(
    'm',
    encodeClientMessage({
      type: 'join',
      protocolVersion: PROTOCOL_VERSION,
      name: `p${index}`,
      roomId: 'any',
    }),
  );
  await waitFor(() => received.includes('welcome'), 'a welcome');
  const variant = index % 3;
  if (variant === 0) socket.emit('m', encodeClientMessage({ type: 'leave' }));
  socket.close();
  if (variant !== 2) return;
  // come back on a new connection with the seat token, then leave properly
  const again = open();
  let isBack = false;
  again.on('m', (data: ArrayBuffer) => {
    const message = decodeServerMessage(data);
    if (message.ok && (message.value.type === 'welcome' || message.value.type === 'error')) isBack = true;
  });
  await new Promise<void>((resolve) => again.once('connect', () => resolve()));
  again.emit(
    'm',
    encodeClientMessage({ type: 'rejoin', protocolVersion: PROTOCOL_VERSION, seatToken: token }),
  );
  await waitFor(() => isBack, 'the rejoin answer');
  again.emit('m', encodeClientMessage({ type: 'leave' }));
  again.close();
}

async function run(count: number, offset: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await cycle(offset + next++);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

async function settle(): Promise<void> {
  await waitFor(() => {
    const r = server.resources();
    return (
      r.sessions === 0 &&
      r.engineClients === 0 &&
      r.guards === 0 &&
      r.rooms === 0 &&
      r.adapterRooms === 0 &&
      r.tcpConnections === 0
    );
  }, 'the server back to idle');
  // the client ends of the connections close a little after the server's: count once all are gone
  await waitFor(() => handles().TCPSocketWrap === undefined, 'every connection closed on both ends', {
    detail: () => JSON.stringify(handles()),
  });
  for (let i = 0; i < 4; i++) {
    gc!();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

const listenerCounts = () => ({
  process: ['uncaughtException', 'unhandledRejection', 'SIGTERM', 'exit'].map((e) =>
    process.listenerCount(e),
  ),
  engine: server.io.engine.listenerCount('connection'),
  io: server.io.listenerCount('connection'),
  http: server.app.server.listenerCount('upgrade') + server.app.server.listenerCount('request'),
});

const started = performance.now();
await run(WARMUP_CYCLES, 0);
await settle();
const baseline = {
  heapUsed: process.memoryUsage().heapUsed,
  resources: server.resources(),
  handles: handles(),
  listeners: listenerCounts(),
};
await run(CYCLES, WARMUP_CYCLES);
await settle();
const final = {
  heapUsed: process.memoryUsage().heapUsed,
  resources: server.resources(),
  handles: handles(),
  listeners: listenerCounts(),
};
const elapsedMs = Math.round(performance.now() - started);
await server.shutdown();
console.log(JSON.stringify({ cycles: CYCLES, elapsedMs, baseline, final }));
process.exit(0);

import {
  arenaSocketParser,
  decodeServerMessage,
  encodeClientMessage,
  PROTOCOL_VERSION,
} from '@arena/protocol';
import { io } from 'socket.io-client';
import { FRAME_FAMILIES, type FrameFamily, makeFrame } from './frames';
import { FuzzConnection } from './fuzz-connection';
import { Rng } from './rng';

export interface FuzzOptions {
  /** Base URL of the server under test, e.g. http://127.0.0.1:3000. */
  readonly url: string;
  /** Stops sending after this long. */
  readonly durationMs: number;
  /** Stops sending after this many frames, however long they take. @default Infinity */
  readonly maxFrames?: number;
  readonly seed: number;
  /** Hostile connections at once. @default 4 */
  readonly parallel?: number;
  /** Frames per hostile connection before it is replaced. @default 40 */
  readonly framesPerConnection?: number;
}

export interface FuzzReport {
  readonly seed: number;
  readonly durationMs: number;
  readonly connections: number;
  readonly framesSent: number;
  readonly framesByFamily: Record<FrameFamily, number>;
  /** Error codes the server answered hostile frames with. */
  readonly refusals: Record<string, number>;
  /** Handshakes the server refused, by code. */
  readonly handshakeRefusals: Record<string, number>;
  /** Hostile connections the server closed (after strikes, floods, oversized or undecodable frames). */
  readonly closedByServer: number;
  /** Snapshots an honest player in a room received during the run. */
  readonly honestSnapshots: number;
  readonly honestStillPlaying: boolean;
  readonly serverHealthy: boolean;
  /** The server answered, stayed healthy and kept the honest player's game going. */
  readonly survived: boolean;
}

/** How long the honest player may go without a snapshot after the run and still count as playing, ms. */
export const HONEST_SNAPSHOT_WAIT_MS = 5000;

/**
 * Throws random and structure-aware malformed frames at a live server for `durationMs` or
 * `maxFrames`, whichever ends first, from a few raw WebSocket connections at a time, while an
 * honest Socket.IO player plays in a room.
 */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const rng = new Rng(options.seed);
  const parallel = options.parallel ?? 4;
  const perConnection = options.framesPerConnection ?? 40;
  const honest = await honestPlayer(options.url);
  const deadline = Date.now() + options.durationMs;
  const maxFrames = options.maxFrames ?? Number.POSITIVE_INFINITY;
  const isRunning = () => Date.now() < deadline && framesSent < maxFrames;
  const refusals: Record<string, number> = {};
  const handshakeRefusals: Record<string, number> = {};
  const framesByFamily = Object.fromEntries(FRAME_FAMILIES.map((family) => [family, 0])) as Record<
    FrameFamily,
    number
  >;
  let connections = 0;
  let framesSent = 0;
  let closedByServer = 0;

  const worker = async () => {
    while (isRunning()) {
      const connection = await FuzzConnection.open(options.url, rng.chance(0.9));
      connections++;
      if (connection.handshakeRefusal !== undefined) {
        handshakeRefusals[connection.handshakeRefusal] =
          (handshakeRefusals[connection.handshakeRefusal] ?? 0) + 1;
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      for (let i = 0; i < perConnection && isRunning(); i++) {
        const family = rng.pick(FRAME_FAMILIES);
        if (!connection.send(makeFrame(rng, family))) break;
        framesByFamily[family]++;
        framesSent++;
        if (i % 8 === 7) await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await connection.until(() => connection.isClosed, 100);
      if (connection.closedByServer) closedByServer++;
      for (const [code, count] of connection.errors) refusals[code] = (refusals[code] ?? 0) + count;
      connection.close();
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));

  const honestStillPlaying = await honest.nextSnapshot(HONEST_SNAPSHOT_WAIT_MS);
  const serverHealthy = await fetch(new URL('/healthz', options.url))
    .then((response) => response.status === 200)
    .catch(() => false);
  const honestSnapshots = honest.snapshots();
  honest.close();
  return {
    seed: options.seed,
    durationMs: options.durationMs,
    connections,
    framesSent,
    framesByFamily,
    refusals,
    handshakeRefusals,
    closedByServer,
    honestSnapshots,
    honestStillPlaying,
    serverHealthy,
    survived: serverHealthy && honestStillPlaying,
  };
}

/** A well-behaved player in its own room, counting the snapshots it gets. */
async function honestPlayer(url: string) {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    parser: arenaSocketParser,
  });
  let snapshots = 0;
  let isSeated = false;
  let onSnapshot: (() => void) | undefined;
  let lastAckMs = performance.now();
  socket.on('m', (data: ArrayBuffer) => {
    const message = decodeServerMessage(data);
    if (!message.ok) return;
    if (message.value.type === 'welcome') isSeated = true;
    if (message.value.type === 'snapshot') {
      snapshots++;
      // it sends no inputs, so it acknowledges its snapshots once a second, as an idle game tab does
      // (the server drops a seated player whose acks stop: --ack-timeout-ms)
      if (performance.now() - lastAckMs >= 1000) {
        lastAckMs = performance.now();
        socket.emit('m', encodeClientMessage({ type: 'ack', lastSnapshotTick: message.value.tick }));
      }
      onSnapshot?.();
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  socket.emit(
    'm',
    encodeClientMessage({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: 'honest', roomId: 'any' }),
  );
  for (let i = 0; i < 500 && !isSeated; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  if (!isSeated) throw new Error('the honest player could not join a room');
  return {
    snapshots: () => snapshots,
    /** Whether a snapshot arrives within `timeoutMs` on a connection that stays up. */
    nextSnapshot: (timeoutMs: number) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), timeoutMs);
        onSnapshot = () => {
          clearTimeout(timer);
          onSnapshot = undefined;
          resolve(socket.connected);
        };
      }),
    close: () => socket.close(),
  };
}

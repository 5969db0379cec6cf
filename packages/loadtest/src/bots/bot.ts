import { IdleAck } from '@arena/netcode';
import {
  DatagramChannel,
  decodeServerMessage,
  encodeClientMessage,
  findSnapshotStrategy,
  type InputIntent,
  type InputMessage,
  RedundantInputs,
  type SnapshotDecoder,
  type TransportName,
} from '@arena/protocol';
import type { Socket } from 'socket.io-client';
import { AckTimer } from './ack-timer';
import type { BotOptions } from './bot-options';
import { engineWebSocket, takeOverEngineReceive } from './engine-websocket';
import { InputTimer } from './input-timer';
import { startJoin } from './join-attempt';
import { BOT_DATAGRAM_OPEN_TIMEOUT_MS, loadNodeRtcPeers, nodeTimer } from './node-rtc-peer';
import { SimulatedLink, seededRandom } from './simulated-link';
import { WanderingIntent } from './wandering-intent';
import { hookWsBytes } from './ws-bytes';

/** Where a bot reports what it sees; one sink per worker, shared by its bots. */
export interface BotSink {
  /** Bytes received (payload + WebSocket header); `isObserver` for the cross-check. */
  bytes(count: number, isObserver: boolean): void;
  /** One data frame (message) received. */
  frame(): void;
  inputSent(): void;
  snapshotDecoded(): void;
  /** Input-to-ack latency of one input, ms (observers only). */
  ackLatency(ms: number): void;
  error(where: string, message: string): void;
  disconnected(reason: string): void;
  /** The path this bot's snapshots and inputs take now, and why it changed back (optional). */
  path?(path: TransportName, reason?: string): void;
}

/**
 * One headless player over socket.io-client and the real protocol: joins a room, then sends one
 * input per tick period on its own drift-corrected timer, turning about once a second, wobbling
 * its aim every input and firing in bursts, as SCENARIO.md and the peers' bots do.
 */
export class Bot {
  private socket: Socket | undefined;
  private decoder: SnapshotDecoder | undefined;
  private isStopping = false;
  private isJoined = false;
  private seq = 0;
  /** Inputs produced but not sent yet (batching). */
  private readonly batch: InputIntent[] = [];
  private lastSnapshotTick = 0;
  /** Acks snapshots while no inputs leave (waiting for the other bots to join), so the seat is kept. */
  private readonly idleAck = new IdleAck();
  private readonly wander: WanderingIntent;
  private readonly inputs: InputTimer;
  /** Times acks (observers only). */
  private readonly ackTimer: AckTimer | undefined;
  /** Bot-side network simulation; set once the bot has joined (the join itself is not delayed). */
  private link: SimulatedLink | undefined;
  /** Counts raw frames instead of running the client library's receive path (never decodes). */
  private readonly isRawCounter: boolean;
  /**
   * Decodes the world of every snapshot: observers, and every bot with --full-decode. The others
   * read a snapshot's header only (tick and ack), over the WebSocket (raw frames) and datagrams alike.
   */
  private readonly decodesWorld: boolean;
  /** The datagram channel (transport "datagram"), from the welcome on. */
  private datagrams: DatagramChannel | undefined;
  /** Each datagram carries the newest input and the few before it. */
  private readonly redundantInputs = new RedundantInputs();
  /** Snapshots that arrived as datagrams. */
  snapshotsOverDatagrams = 0;
  /** Why the channel did not open or closed (transport "datagram"); undefined while it is fine. */
  fallbackReason: string | undefined;
  /** Whether acks are timed now (the measurement window). */
  measuring = false;

  constructor(
    private readonly options: BotOptions,
    private readonly sink: BotSink,
  ) {
    this.wander = new WanderingIntent(options.tickHz);
    this.inputs = new InputTimer(
      options.tickHz,
      () => this.sendInput(),
      () => this.seq,
    );
    this.ackTimer = options.isObserver ? new AckTimer((ms) => sink.ackLatency(ms)) : undefined;
    this.isRawCounter = !options.isObserver && options.rawReceive && options.transport !== 'datagram';
    this.decodesWorld = options.isObserver || !options.rawReceive;
  }

  /** Connects and joins; resolves on the welcome, rejects on an error message or timeout. */
  connect(): Promise<void> {
    const attempt = startJoin({ ...this.options, onConnect: () => this.hookObserverBytes() });
    const socket = attempt.socket;
    this.socket = socket;
    socket.on('m', (data: unknown) => {
      const decoded = decodeServerMessage(data);
      if (!decoded.ok) {
        this.sink.error('decode', decoded.error.message);
        return;
      }
      const message = decoded.value;
      if (message.type === 'rtcSignal') {
        this.datagrams?.onSignal(message);
        return;
      }
      if (this.link !== undefined && message.type !== 'welcome') {
        const bytes = (data as Uint8Array).byteLength ?? 0;
        this.link.down(bytes, false, () => {
          if (message.type === 'snapshot') this.onSnapshot(message.tick, message.ackSeq, message.body);
          else if (message.type === 'error') this.sink.error('server', `${message.code}: ${message.message}`);
        });
        return;
      }
      if (message.type === 'snapshot') this.onSnapshot(message.tick, message.ackSeq, message.body);
      else if (message.type === 'welcome') {
        this.isJoined = true;
        this.decoder = findSnapshotStrategy(message.strategy)?.createDecoder();
        if (this.decoder === undefined) {
          attempt.fail(`unknown snapshot strategy "${message.strategy}"`);
          return;
        }
        if (this.options.network !== undefined) {
          this.link = new SimulatedLink(this.options.network, seededRandom(this.options.networkSeed ?? 1));
        }
        if (this.isRawCounter) this.takeOverReceive();
        attempt.succeed();
        if (this.options.transport === 'datagram') this.startDatagrams();
      } else if (message.type === 'error') {
        if (this.decoder === undefined) attempt.fail(`${message.code}: ${message.message}`);
        else this.sink.error('server', `${message.code}: ${message.message}`);
      }
    });
    socket.on('disconnect', (reason) => {
      if (this.isJoined && !this.isStopping) this.sink.disconnected(reason);
    });
    return attempt.done;
  }

  /**
   * Starts the input timer at a random phase within the tick period. With `alignInputs`, each
   * snapshot's arrival then pulls the phase to a lead before the next tick (one input per period
   * either way; without snapshots the timer keeps running free).
   */
  startInputs(): void {
    this.inputs.start(this.options.alignInputs === true);
  }

  /** The current lead of tick-aligned inputs, ms (undefined when they are free-running). */
  get inputLeadMs(): number | undefined {
    return this.inputs.leadMs;
  }

  /** Where this bot's snapshots and inputs travel now. */
  get path(): TransportName {
    return this.datagrams?.isOpen === true ? 'datagram' : 'websocket';
  }

  /**
   * Negotiates the datagram channel (DatagramChannel: another offer after a failed handshake, up
   * to what the server takes per seat) once node-datachannel has loaded.
   */
  private startDatagrams(): void {
    const fellBack = (reason: string) => {
      if (this.isStopping) return;
      this.fallbackReason = reason;
      this.sink.path?.('websocket', reason);
    };
    loadNodeRtcPeers().then(
      (createPeer) => {
        if (this.isStopping) return;
        const datagrams = new DatagramChannel(
          {
            signal: (message) => this.socket?.emit('m', encodeClientMessage(message)),
            datagram: (bytes) => this.onDatagram(bytes),
            opened: () => this.sink.path?.('datagram'),
            fellBack: ({ reason }) => fellBack(reason),
          },
          {
            createPeer,
            startTimer: nodeTimer,
            openTimeoutMs: this.options.datagramOpenTimeoutMs ?? BOT_DATAGRAM_OPEN_TIMEOUT_MS,
            isBlocked: this.options.blockDatagrams ?? false,
          },
        );
        this.datagrams = datagrams;
        datagrams.start();
      },
      (error: unknown) => fellBack(`node-datachannel did not load: ${(error as Error).message}`),
    );
  }

  /** A datagram from the server: a snapshot, read exactly as one that came over the WebSocket. */
  private onDatagram(bytes: Uint8Array): void {
    this.sink.bytes(bytes.length, this.options.isObserver);
    this.sink.frame();
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok || decoded.value.type !== 'snapshot') {
      this.sink.error(
        'datagram',
        decoded.ok ? `a ${decoded.value.type} as a datagram` : decoded.error.message,
      );
      return;
    }
    const { tick, ackSeq, body } = decoded.value;
    this.snapshotsOverDatagrams++;
    if (this.link === undefined) this.onSnapshot(tick, ackSeq, body);
    else this.link.down(bytes.length, true, () => this.onSnapshot(tick, ackSeq, body));
  }

  stop(): void {
    this.isStopping = true;
    this.datagrams?.close();
    this.inputs.stop();
    this.link?.close();
    this.socket?.close();
  }

  private sendInput(): void {
    this.wander.step();
    const seq = ++this.seq;
    this.ackTimer?.sent(seq);
    const intent = this.wander.intent();
    if (this.datagrams?.isOpen === true) {
      const input: InputMessage = {
        type: 'input',
        seq,
        ...intent,
        clientTimeMs: Date.now() % 2 ** 32,
        lastSnapshotTick: this.lastSnapshotTick,
      };
      if (this.sendDatagram(encodeClientMessage(this.redundantInputs.push(input)))) {
        this.idleAck.reported();
        this.sink.inputSent();
        return;
      }
    }
    const batchSize = this.options.inputsPerMessage ?? 1;
    if (batchSize > 1) {
      this.batch.push(intent);
      if (this.batch.length < batchSize) return;
    }
    try {
      const bytes =
        batchSize > 1
          ? encodeClientMessage({
              type: 'inputs',
              firstSeq: seq - this.batch.length + 1,
              inputs: this.batch.splice(0),
              clientTimeMs: Date.now() % 2 ** 32,
              lastSnapshotTick: this.lastSnapshotTick,
            })
          : encodeClientMessage({
              type: 'input',
              seq,
              ...intent,
              clientTimeMs: Date.now() % 2 ** 32,
              lastSnapshotTick: this.lastSnapshotTick,
            });
      this.emit(bytes);
      this.idleAck.reported();
      this.sink.inputSent();
    } catch (error) {
      this.sink.error('send', (error as Error).message);
    }
  }

  /**
   * Sends over the datagram channel while it is open (through the simulated link, as a datagram
   * it may drop: redundancy and the next ack cover a loss); false when it is not open.
   */
  private sendDatagram(bytes: Uint8Array): boolean {
    const datagrams = this.datagrams;
    if (datagrams?.isOpen !== true) return false;
    if (this.link === undefined) return datagrams.send(bytes);
    this.link.up(bytes.byteLength, () => datagrams.send(bytes), true);
    return true;
  }

  /** Sends one message, through the simulated link when there is one. */
  private emit(bytes: Uint8Array): void {
    const socket = this.socket!;
    if (this.link === undefined) socket.emit('m', bytes);
    else this.link.up(bytes.byteLength, () => socket.emit('m', bytes));
  }

  /** A snapshot of `tick` arrived: its tick is what the next input reports, or an ack when none leaves. */
  private snapshotTickArrived(tick: number): void {
    this.lastSnapshotTick = tick;
    if (this.isJoined && !this.isStopping && this.idleAck.snapshotArrived(performance.now())) {
      try {
        const ack = encodeClientMessage({ type: 'ack', lastSnapshotTick: tick });
        if (!this.sendDatagram(ack)) this.emit(ack);
      } catch (error) {
        this.sink.error('send', (error as Error).message);
      }
    }
  }

  private onSnapshot(tick: number, ackSeq: number, body: Uint8Array): void {
    this.snapshotTickArrived(tick);
    this.inputs.snapshotArrived(ackSeq);
    this.ackTimer?.acked(ackSeq, this.measuring);
    // A raw-counting bot never decodes, not even a snapshot that arrived in the same read as its
    // welcome, before takeOverReceive could take the socket over; nor does a datagram bot that
    // counts like one (its snapshots' headers carry the tick and ack it needs).
    if (this.decoder !== undefined && this.decodesWorld) {
      // Decoded once the event loop has taken in every snapshot that arrived with this one: the
      // ten observers share one thread, and each would otherwise wait for the others' decoding
      // before it saw its own ack (which the snapshot's header carries). Snapshots of one bot
      // are still decoded in order, every one of them.
      const decoder = this.decoder;
      setImmediate(() => {
        const world = decoder.decode(tick, body);
        if (!world.ok) this.sink.error('snapshot', world.error.message);
        else this.sink.snapshotDecoded();
      });
    }
  }

  private hookObserverBytes(): void {
    const ws = engineWebSocket(this.socket);
    if (ws === undefined) {
      this.sink.error('connect', 'no ws WebSocket under the transport: bytes cannot be counted');
      return;
    }
    if (!this.isRawCounter) {
      hookWsBytes(ws, (bytes) => {
        this.sink.bytes(bytes, this.options.isObserver);
        this.sink.frame();
      });
    }
  }

  private takeOverReceive(): void {
    takeOverEngineReceive(this.socket, {
      onBytes: (bytes) => this.sink.bytes(bytes, false),
      onFrame: () => this.sink.frame(),
      onSnapshotTick: (tick, ackSeq) => {
        // Only the tick is peeked, not the size: a bandwidth cap does not delay these bots' acks.
        const arrived = () => {
          this.snapshotTickArrived(tick);
          if (ackSeq !== undefined) this.inputs.snapshotArrived(ackSeq);
        };
        if (this.link === undefined) arrived();
        else this.link.down(0, false, arrived);
      },
      onCloseFrame: () => {
        // The TCP close that follows also ends in 'disconnect'; count it once, there.
        if (!this.isStopping) this.sink.error('close', 'the server sent a close frame');
      },
    });
  }
}

import {
  arenaSocketParser,
  type ClientMessage,
  decodeServerMessage,
  encodeClientMessage,
  findSnapshotStrategy,
  PROTOCOL_VERSION,
  type ServerMessage,
  type SnapshotDecoder,
  type WelcomeMessage,
  type WorldView,
} from '@arena/protocol';
import { WAIT_FOR_TIMEOUT_MS, waitFor } from '@arena/testing';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

/** socket.io-client's options, and the Node transport's `localAddress`. */
type ClientOptions = Partial<ManagerOptions & SocketOptions> & { readonly localAddress?: string };

type Message<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A client that sent nothing reporting its newest snapshot this long acks the next one, ms. */
const AUTO_ACK_MS = 1000;

/** A real socket.io-client speaking the Arena protocol, recording what it receives. */
export class TestClient {
  readonly socket: Socket;
  readonly received: ServerMessage[] = [];
  /** Worlds decoded from snapshots, in arrival order. */
  readonly worlds: { tick: number; ackSeq: number; world: WorldView }[] = [];
  disconnectReason: string | undefined;
  /** Why the handshake was refused, if it was. */
  connectError: string | undefined;
  private decoder: SnapshotDecoder | undefined;
  private waiters: (() => void)[] = [];
  private nextSeq = 1;
  /** `clientTimeMs` of the next ping `waitForTicks` sends, told apart from a test's own pings. */
  private nextPingMarker = 0x7000_0000;
  /** What inputs report as the newest snapshot received (the delta baseline); 0 asks for a keyframe. */
  reportedSnapshotTick = 0;
  /**
   * Whether it acknowledges snapshots on its own while it sends no inputs, about once a second,
   * as the game and the bots do (a server drops a player whose acks stop: --ack-timeout-ms).
   */
  isAutoAcking = true;
  /** When an input or an ack last reported `reportedSnapshotTick` (or the first snapshot came), performance.now() ms. */
  private lastReportMs: number | undefined;

  /**
   * `options` go to socket.io-client beside the defaults: `ca` for a TLS server, `localAddress` to
   * connect from another address of the machine (127.0.0.2... stand for other clients).
   */
  constructor(url: string, options: ClientOptions = {}) {
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      parser: arenaSocketParser,
      ...options,
    });
    this.socket.on('m', (data: unknown) => this.onMessage(data));
    this.socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
      this.notify();
    });
    this.socket.on('connect', () => this.notify());
    this.socket.on('connect_error', (error) => {
      this.connectError = error.message;
      this.notify();
    });
  }

  static async connect(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const client = new TestClient(url, options);
    await client.waitFor(() => client.socket.connected, 'connect');
    return client;
  }

  send(message: ClientMessage): void {
    if (message.type === 'input' || message.type === 'inputs' || message.type === 'ack') {
      this.lastReportMs = performance.now();
    }
    this.socket.emit('m', encodeClientMessage(message));
  }

  sendRaw(...args: unknown[]): void {
    this.socket.emit(...(args as [string, ...unknown[]]));
  }

  async join(roomId = 'any', name = 'tester'): Promise<WelcomeMessage> {
    this.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name, roomId });
    return this.waitForMessage('welcome');
  }

  /** Sends the next input in sequence; returns its seq. */
  input(moveX: number, moveY: number, fire = false, aim = 0): number {
    const seq = this.nextSeq++;
    this.send({
      type: 'input',
      seq,
      moveX,
      moveY,
      aim,
      fire,
      clientTimeMs: Date.now() % 2 ** 32,
      lastSnapshotTick: this.reportedSnapshotTick,
    });
    return seq;
  }

  /** Sends the next `count` inputs in one `inputs` message; returns the last seq. */
  inputBatch(count: number, moveX: number, moveY: number): number {
    const firstSeq = this.nextSeq;
    this.nextSeq += count;
    const inputs = Array.from({ length: count }, () => ({ moveX, moveY, aim: 0, fire: false }));
    this.send({
      type: 'inputs',
      firstSeq,
      inputs,
      clientTimeMs: Date.now() % 2 ** 32,
      lastSnapshotTick: this.reportedSnapshotTick,
    });
    return firstSeq + count - 1;
  }

  get welcome(): WelcomeMessage | undefined {
    return this.ofType('welcome').at(-1);
  }

  ofType<T extends ServerMessage['type']>(type: T): Message<T>[] {
    return this.received.filter((m): m is Message<T> => m.type === type);
  }

  latestWorld(): { tick: number; ackSeq: number; world: WorldView } | undefined {
    return this.worlds.at(-1);
  }

  /**
   * Resolves when `predicate` holds, checked on every message (so a state between two messages is
   * seen) and every 10 ms (for state outside this client, such as the server's rooms).
   */
  async waitFor(predicate: () => boolean, what: string, timeoutMs = WAIT_FOR_TIMEOUT_MS): Promise<void> {
    await waitFor(predicate, what, {
      timeoutMs,
      wakeOn: (check) => {
        this.waiters.push(check);
        return () => {
          this.waiters = this.waiters.filter((waiter) => waiter !== check);
        };
      },
      detail: () =>
        `newest snapshot tick ${this.latestWorld()?.tick ?? 'none'}, last error ${JSON.stringify(this.ofType('error').at(-1))}` +
        (this.disconnectReason === undefined ? '' : `, disconnected: ${this.disconnectReason}`),
    });
  }

  /**
   * Resolves once the server has read everything this client sent so far and run `ticks` more ticks
   * on it, as seen in this client's snapshots: a ping's pong comes back only after the messages sent
   * before it were read, and a snapshot that arrives after the pong is from a later tick. A "nothing
   * happened" check waits for this, not for some milliseconds.
   */
  async waitForTicks(ticks: number): Promise<void> {
    const marker = this.nextPingMarker++;
    this.send({ type: 'ping', clientTimeMs: marker });
    await this.waitFor(
      () => this.ofType('pong').some((pong) => pong.clientTimeMs === marker),
      'the pong that follows what was sent',
    );
    const afterPong = this.worlds.length;
    await this.waitFor(() => {
      const first = this.worlds[afterPong];
      return first !== undefined && this.latestWorld()!.tick >= first.tick + ticks;
    }, `${ticks} ticks after the pong`);
  }

  async waitForMessage<T extends ServerMessage['type']>(
    type: T,
    timeoutMs = WAIT_FOR_TIMEOUT_MS,
  ): Promise<Message<T>> {
    const seen = this.ofType(type).length;
    await this.waitFor(() => this.ofType(type).length > seen, `a "${type}" message`, timeoutMs);
    return this.ofType(type).at(-1)!;
  }

  close(): void {
    this.socket.close();
  }

  private onMessage(data: unknown): void {
    const decoded = decodeServerMessage(data);
    if (!decoded.ok) throw new Error(`undecodable server message: ${decoded.error.message}`);
    const message = decoded.value;
    this.received.push(message);
    if (message.type === 'welcome') this.decoder = findSnapshotStrategy(message.strategy)?.createDecoder();
    if (message.type === 'snapshot' && this.decoder !== undefined) {
      const world = this.decoder.decode(message.tick, message.body);
      if (!world.ok) throw new Error(`undecodable snapshot: ${world.error.message}`);
      this.worlds.push({ tick: message.tick, ackSeq: message.ackSeq, world: world.value });
      this.reportedSnapshotTick = message.tick;
      const nowMs = performance.now();
      this.lastReportMs ??= nowMs;
      if (this.isAutoAcking && nowMs - this.lastReportMs >= AUTO_ACK_MS) {
        this.send({ type: 'ack', lastSnapshotTick: this.reportedSnapshotTick });
      }
    }
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

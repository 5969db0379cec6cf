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
import { io, type Socket } from 'socket.io-client';

type Message<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/** A real socket.io-client speaking the Arena protocol, recording what it receives. */
export class TestClient {
  readonly socket: Socket;
  readonly received: ServerMessage[] = [];
  /** Worlds decoded from snapshots, in arrival order. */
  readonly worlds: { tick: number; ackSeq: number; world: WorldView }[] = [];
  disconnectReason: string | undefined;
  private decoder: SnapshotDecoder | undefined;
  private waiters: (() => void)[] = [];
  private nextSeq = 1;
  /** What inputs report as the newest snapshot received (the delta baseline); 0 asks for a keyframe. */
  reportedSnapshotTick = 0;

  constructor(url: string) {
    this.socket = io(url, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      parser: arenaSocketParser,
    });
    this.socket.on('m', (data: unknown) => this.onMessage(data));
    this.socket.on('disconnect', (reason) => {
      this.disconnectReason = reason;
      this.notify();
    });
    this.socket.on('connect', () => this.notify());
    this.socket.on('connect_error', () => this.notify());
  }

  static async connect(url: string): Promise<TestClient> {
    const client = new TestClient(url);
    await client.waitFor(() => client.socket.connected, 'connect');
    return client;
  }

  send(message: ClientMessage): void {
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
   * Resolves when `predicate` holds, checked on every message and every 10 ms (for state outside
   * this client, such as the server's rooms); rejects after `timeoutMs`.
   */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const finish = (error?: Error) => {
        clearTimeout(timer);
        clearInterval(poll);
        this.waiters = this.waiters.filter((w) => w !== check);
        if (error) reject(error);
        else resolve();
      };
      const check = () => {
        if (predicate()) finish();
      };
      const timer = setTimeout(
        () => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs,
      );
      const poll = setInterval(check, 10);
      this.waiters.push(check);
    });
  }

  async waitForMessage<T extends ServerMessage['type']>(type: T, timeoutMs = 5000): Promise<Message<T>> {
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
    }
    this.notify();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) waiter();
  }
}

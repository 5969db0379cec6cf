import type { NetStats } from '@arena/netcode';
import type {
  ClientMessage,
  ServerMessage,
  SnapshotMessage,
  TransportName,
  WelcomeMessage,
} from '@arena/protocol';
import { ArenaConnection, type ConnectionStatus } from '../net/arena-connection';
import { DatagramPath, type TransportState } from '../net/datagram-path';
import { browserRtcPeer, browserTimer } from '../net/rtc-peer';
import { datagramWish, type PageTransport } from './transport-choice';

export interface GameLinkHandlers {
  /** Every server message but signalling, as the WebSocket brought it. */
  message(message: ServerMessage, bytes: number): void;
  /** A snapshot that came over the datagram channel. */
  datagramSnapshot(message: SnapshotMessage, bytes: number): void;
  status(status: ConnectionStatus): void;
}

/**
 * The page's link to the server: the one Socket.IO connection, which carries everything, and the
 * datagram path of the seat held, which carries its snapshots, inputs and acks while a channel is
 * open (docs/netcode.md "Datagrams"). The app sends and listens here and never sees which way a
 * game message went.
 */
export class GameLink {
  readonly connection: ArenaConnection;
  private readonly datagrams: DatagramPath;
  /** A room created from the lobby with datagrams chosen: the page offers a channel there. */
  private datagramRoomId: string | undefined;
  private handlers: GameLinkHandlers | undefined;

  /** Connects at once: the handshake travels while the caller builds the page. */
  constructor(
    stats: NetStats,
    private readonly transport: PageTransport | undefined,
  ) {
    this.connection = new ArenaConnection(undefined, stats);
    this.datagrams = new DatagramPath({
      signal: (message) => this.connection.send(message),
      deliver: (message, bytes) => this.handlers?.datagramSnapshot(message, bytes),
      traffic: stats,
      createPeer: browserRtcPeer,
      startTimer: browserTimer,
      isBlocked: transport?.isBlocked ?? false,
      ...(transport?.openTimeoutMs === undefined ? {} : { openTimeoutMs: transport.openTimeoutMs }),
    });
  }

  /** Starts delivering; the connection's events of the current task wait for this. */
  listen(handlers: GameLinkHandlers): void {
    this.handlers = handlers;
    this.connection.onMessage((message, bytes) => {
      if (message.type === 'rtcSignal') {
        this.datagrams.onSignal(message);
        return;
      }
      if (message.type === 'snapshot') this.datagrams.snapshotOverWebSocket(message.tick);
      handlers.message(message, bytes);
    });
    this.connection.onStatus((status) => {
      // the server ends the channel with the socket; a rejoin negotiates a new one
      if (status.state === 'disconnected') this.datagrams.left();
      handlers.status(status);
    });
  }

  get isConnected(): boolean {
    return this.connection.isConnected;
  }

  get state(): ConnectionStatus['state'] {
    return this.connection.status.state;
  }

  /** Where snapshots and inputs travel, for the test hook. */
  get transportState(): TransportState {
    return this.datagrams.state;
  }

  /** The net graph's path line. */
  describeTransport(): string {
    return this.datagrams.describe();
  }

  /** Any message, over the WebSocket. */
  send(message: ClientMessage): void {
    this.connection.send(message);
  }

  /** The game's inputs and acks: over the datagram channel while it is open, else the WebSocket. */
  sendGame(message: ClientMessage): void {
    if (!this.datagrams.trySend(message)) this.connection.send(message);
  }

  /** A join is on its way; `transport` "datagram": the room was created with datagrams from the lobby. */
  joining(roomId: string, transport: TransportName | undefined): void {
    this.datagramRoomId = transport === 'datagram' ? roomId : undefined;
  }

  /** A seat was taken: a channel is offered when the page's choice and the room's say so. */
  seated(welcome: WelcomeMessage): void {
    const wish = datagramWish(this.transport?.choice ?? 'auto', welcome.roomId === this.datagramRoomId);
    this.datagrams.seated(welcome, wish.isWanted, wish.isAsked);
  }

  /** The room is left: its channel ends. */
  left(): void {
    this.datagrams.left();
  }
}

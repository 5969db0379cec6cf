import { NetStats, ServerClock } from '@arena/netcode';
import {
  ErrorCode as Codes,
  type ErrorCode,
  PROTOCOL_VERSION,
  type RoomSummary,
  type ServerMessage,
  type SnapshotMessage,
  type TransportName,
  type WelcomeMessage,
} from '@arena/protocol';
import type { FrameState } from '../game/room-session';
import { RoomSession } from '../game/room-session';
import type { ConnectionStatus } from '../net/arena-connection';
import { ClockSync } from '../net/clock-sync';
import type { ChatPanel } from '../ui/chat-panel';
import { NoticeToasts } from '../ui/notice-toasts';
import { type ArenaAppOptions, roomSessionOptions } from './arena-app-options';
import { ArenaView } from './arena-view';
import type { RecentError } from './connection-loss';
import { ErrorScreen } from './error-screen';
import { FrontPage } from './front-page';
import { GameLink } from './game-link';
import { HookHistory } from './hook-history';
import { roomLinkUrl } from './room-link';
import { type ScreenChange, ScreenMachine } from './screen-machine';
import { SeatKeeper } from './seat-keeper';
import { placeServerError } from './server-error-policy';
import { type ArenaTestState, snapshotTestState } from './test-state';

/**
 * The browser game as a whole: one connection, the front page, the arena, and the screens
 * between. The screen is one state (ScreenMachine), changed with `screens.go` and shown in one
 * place (`showScreen`); this class routes server messages to where they belong, and turns every
 * failure into words with a way back (ErrorScreen). SeatKeeper takes the seat back after a drop.
 */
export class ArenaApp {
  readonly stats = new NetStats();
  readonly clock = new ServerClock();
  private readonly screens: ScreenMachine;
  private readonly link: GameLink;
  private readonly clockSync: ClockSync;
  private readonly options: ArenaAppOptions;
  private readonly front: FrontPage;
  private readonly arena: ArenaView;
  private readonly notices = new NoticeToasts();
  private readonly errors: ErrorScreen;
  private readonly seat: SeatKeeper;
  private readonly history = new HookHistory();
  private rooms: readonly RoomSummary[] = [];
  private session: RoomSession | undefined;
  private lastFrame: FrameState | undefined;
  private framesDrawn = 0;
  private recentError: RecentError | undefined;
  /** A room to join once connected (a `?room=` link). */
  private pendingRoomLink: string | undefined;

  constructor(options: ArenaAppOptions) {
    this.options = options;
    // First: the handshake travels while the page below is built (its events wait for this task
    // to end, so none is missed before the listeners are added at the end).
    this.link = new GameLink(this.stats, options.transport);
    this.screens = new ScreenMachine('connecting', options.screenPolicy ?? 'warn');
    this.screens.onChange((change) => this.showScreen(change));
    const backToLobby = () => this.backToLobby();
    this.errors = new ErrorScreen({ screens: this.screens, backToLobby });
    this.seat = new SeatKeeper(options.tabStorage, {
      screens: this.screens,
      errors: this.errors,
      send: (message) => this.link.send(message),
      recentError: () => this.recentError,
      backToLobby,
    });
    this.pendingRoomLink = options.roomLink?.roomId;
    this.front = new FrontPage({
      storage: options.storage,
      linkName: options.roomLink?.name,
      send: (message) => this.link.send(message),
      isConnected: () => this.link.isConnected,
      isInLobby: () => this.screens.is('lobby'),
      join: (roomId, transport) => this.join(roomId, transport),
      showError: (code, message) => this.errors.show(code, message),
    });
    this.arena = new ArenaView({
      gameParent: options.gameParent,
      keyboard: options.keyboard,
      storage: options.storage,
      stats: this.stats,
      showNetGraph: options.showNetGraph ?? false,
      send: (message) => this.link.send(message),
      session: () => this.session,
      describeTransport: () => this.link.describeTransport(),
      onLeave: () => this.leaveRoom(),
      onInvite: (roomId) => void this.front.invite(roomId),
      isDialogShown: () => this.errors.isVisible,
      onFrame: (session, frame, nowMs) => this.onFrame(session, frame, nowMs),
    });
    options.uiRoot.append(
      ...this.front.elements,
      ...this.arena.elements,
      this.notices.element,
      this.errors.element,
    );
    this.arena.roomChat.onSend((text) => this.link.send({ type: 'chat', text }));
    this.arena.feel.watchPanels(() => [...this.arena.panels(), this.notices.element]);

    for (const text of options.linkNotices ?? []) {
      this.history.notice(text);
      this.notices.show(text, 'warn');
    }

    this.front.setStatus('Connecting to the game server…', false);
    this.link.listen({
      message: (message, bytes) => this.onMessage(message, bytes),
      datagramSnapshot: (message, bytes) => this.onSnapshot(message, bytes, performance.now()),
      status: (status) => this.onStatus(status),
    });
    this.clockSync = new ClockSync(this.link.connection, this.clock, this.stats);
    this.clockSync.start();
  }

  /** Client state for the end-to-end test hook (window.__arena). */
  testState(): ArenaTestState {
    return snapshotTestState({
      screen: this.screens.screen,
      connection: this.link.state,
      playerName: this.front.playerName,
      rooms: this.rooms,
      session: this.session,
      frame: this.lastFrame,
      framesDrawn: this.framesDrawn,
      lastError: this.recentError,
      isErrorShown: this.errors.isVisible,
      notices: this.history.notices,
      chat: this.history.chat,
      net: {
        ...this.stats.latest(),
        smoothedRttMs: this.clock.rttMs,
        serverClockOffsetMs: this.clock.offsetMs,
      },
      replay: this.arena.replayViewer.testState(),
      byteAttribution: this.arena.byteAttribution,
      isMuted: this.arena.feel.sounds.isMuted,
      hitsLanded: this.arena.feel.hitsLanded,
      transport: this.link.transportState,
    });
  }

  /** Screen position of a world point in the arena (test hook), if the arena is showing. */
  async worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | undefined> {
    return this.screens.isInArena ? this.arena.worldToScreen(x, y) : undefined;
  }

  /** The one place a screen is shown: what the page does on every change of `screens`. */
  private showScreen({ from, to }: ScreenChange): void {
    const isInArena = this.screens.isInArena;
    if (!isInArena) this.exitArena();
    // the reconnecting dialog stays up while its rejoin is on its way; any other screen ends it
    const keepsDialog =
      to === 'error' || to === 'reconnecting' || (to === 'joining' && from === 'reconnecting');
    if (!keepsDialog) this.errors.hide();
    this.front.show(to, isInArena);
    this.arena.show(to, isInArena);
  }

  private onStatus(status: ConnectionStatus): void {
    switch (status.state) {
      case 'connected':
        this.errors.connected();
        this.arena.resetSimulation();
        this.front.setStatus('Connected. Type your name and press Play, or pick a room.', true);
        this.clockSync.ping();
        if (this.seat.rejoinIfPending()) break;
        if (this.screens.is('connecting')) this.screens.go('lobby');
        else if (this.screens.is('error')) this.front.watchLobby(); // the lobby behind the error, live again
        if (this.pendingRoomLink !== undefined && this.screens.is('lobby')) this.join(this.pendingRoomLink);
        else this.arena.preloadGame();
        break;
      case 'disconnected':
        this.front.setStatus('Disconnected from the game server; reconnecting…', false);
        if (status.reason !== 'io client disconnect') this.seat.onConnectionLost(status.reason);
        break;
      case 'unreachable':
        this.front.setStatus('Cannot reach the game server; retrying…', false);
        this.errors.reportUnreachable(status.reason);
        break;
      case 'connecting':
        break;
    }
  }

  private onMessage(message: ServerMessage, bytes: number): void {
    const nowMs = performance.now();
    switch (message.type) {
      case 'snapshot':
        this.onSnapshot(message, bytes, nowMs);
        break;
      case 'events':
        this.session?.onEvents(message, nowMs);
        break;
      case 'welcome':
        this.onWelcome(message);
        break;
      case 'roomList':
        this.rooms = message.rooms;
        this.front.setRooms(message.rooms, message.total);
        break;
      case 'chatLine':
        this.history.chatLine({ scope: message.scope, name: message.name, text: message.text });
        (message.scope === 'lobby' ? this.front.chat : this.arena.roomChat).addLine(
          'chat',
          message.text,
          message.name,
        );
        break;
      case 'notice':
        this.history.notice(message.text);
        this.notices.show(message.text, message.level);
        this.activeChat().addLine('notice', message.text);
        break;
      case 'pong':
        this.clockSync.onPong(message, nowMs);
        break;
      case 'error':
        this.onServerError(message.code, message.message);
        break;
      case 'redirect': {
        // The room lives on another node of the cluster: play it from that node's page.
        const url = roomLinkUrl(
          message.url,
          { roomId: message.roomId, name: this.front.playerName },
          window.location.search,
        );
        (this.options.navigate ?? ((to: string) => window.location.assign(to)))(url);
        break;
      }
    }
  }

  /** A snapshot, from the WebSocket or the datagram channel alike. */
  private onSnapshot(message: SnapshotMessage, bytes: number, nowMs: number): void {
    this.session?.onSnapshot(message, bytes, nowMs);
    this.arena.armInputs();
  }

  private onServerError(code: ErrorCode, message: string): void {
    this.recentError = { code, message, atMs: performance.now() };
    if (code === Codes.BAD_SEAT) this.seat.forget();
    switch (placeServerError(code, this.screens.is('lobby'))) {
      case 'chat':
        this.activeChat().addLine('system', `Slow down: ${message}`);
        return;
      case 'lobby-chat':
        this.front.chat.addLine('system', `The server refused the name: ${message}`);
        return;
      case 'console':
        console.info(`Arena: ${code}: ${message}`);
        return;
      case 'screen':
        this.seat.rejoinSettled();
        this.errors.show(code, message);
    }
  }

  private backToLobby(): void {
    this.seat.rejoinSettled(); // a rejoin given up: its late welcome is answered with a leave
    this.screens.go(this.link.isConnected ? 'lobby' : 'connecting');
  }

  /** `transport` "datagram": the room was created with datagrams from the lobby, so the page offers a channel there. */
  private join(roomId: string, transport?: TransportName): void {
    if (!this.link.isConnected || !this.screens.is('lobby', 'error')) return;
    this.pendingRoomLink = undefined;
    this.link.joining(roomId, transport);
    this.screens.go('joining');
    this.link.send({
      type: 'join',
      protocolVersion: PROTOCOL_VERSION,
      name: this.front.playerName,
      roomId,
    });
  }

  private onWelcome(welcome: WelcomeMessage): void {
    // Player 0 is a spectator of a replay room: nothing to play, a camera and a playback bar.
    const isSpectator = welcome.playerId === 0;
    const isReplayRestart =
      isSpectator && this.screens.is('replay') && this.arena.replayViewer.roomId === welcome.roomId;
    if (!isReplayRestart && !this.screens.is('joining')) {
      // a join answered after the player left: the leave sent then follows it
      this.link.send({ type: 'leave' });
      return;
    }
    this.seat.rejoinSettled();
    const session = new RoomSession(
      welcome,
      { send: (message) => this.link.sendGame(message), stats: this.stats, clock: this.clock },
      roomSessionOptions(this.options),
    );
    if (!session.canDecode) {
      this.link.send({ type: 'leave' });
      this.seat.forget();
      this.errors.show('UNKNOWN_STRATEGY', `The room sends snapshots as "${welcome.strategy}".`);
      return;
    }
    this.session = session;
    if (isReplayRestart) {
      // The same replay after a playback change (pause, speed, seek): a new timeline, same view.
      this.arena.replayViewer.restart(session);
      return;
    }
    this.seat.seated(isSpectator ? undefined : welcome.seatToken);
    // seated (a rejoin after a reload included): the page's room link has been used up
    this.pendingRoomLink = undefined;
    this.lastFrame = undefined;
    this.screens.go(isSpectator ? 'replay' : 'playing');
    this.link.seated(welcome);
    void this.arena.enter(welcome, session);
  }

  private onFrame(session: RoomSession, frame: FrameState, nowMs: number): void {
    this.lastFrame = frame;
    this.framesDrawn++;
    // dead until the respawn: the screen follows the own player's state as drawn
    if (this.screens.is('playing') && frame.respawnInMs !== undefined) this.screens.go('dead');
    else if (this.screens.is('dead') && frame.respawnInMs === undefined) this.screens.go('playing');
    this.arena.update(session, frame, nowMs);
  }

  private leaveRoom(): void {
    if (!this.screens.is('playing', 'dead', 'replay', 'joining')) return;
    this.link.send({ type: 'leave' });
    this.seat.forget();
    this.seat.rejoinSettled();
    this.backToLobby();
  }

  /** Tears the room down (if one is up); showScreen calls it for every screen outside a room. */
  private exitArena(): void {
    if (this.session === undefined && !this.seat.isSeated) return;
    this.session = undefined;
    this.seat.vacated();
    this.lastFrame = undefined;
    this.link.left();
    this.arena.exit();
  }

  private activeChat(): ChatPanel {
    return this.screens.isInArena ? this.arena.roomChat : this.front.chat;
  }
}

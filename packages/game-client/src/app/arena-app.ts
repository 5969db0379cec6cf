import { NetStats, ServerClock } from '@arena/netcode';
import {
  type ByteAttribution,
  ErrorCode as Codes,
  type ErrorCode,
  NETWORK_PROFILES,
  PROTOCOL_VERSION,
  type RoomSummary,
  type ServerMessage,
  type WelcomeMessage,
} from '@arena/protocol';
import { InputTimer } from '../game/input-timer';
import type { FrameState } from '../game/room-session';
import { RoomSession } from '../game/room-session';
import type { KeyboardState } from '../input/keyboard-state';
import { ArenaConnection, type ConnectionStatus } from '../net/arena-connection';
import { ClockSync } from '../net/clock-sync';
import { type CreateRoomRequest, createRoom } from '../net/create-room';
import { createReplay } from '../net/replay-api';
import type { ArenaGame } from '../scenes/arena-game';
import { ChatPanel } from '../ui/chat-panel';
import { ErrorOverlay } from '../ui/error-overlay';
import { HudView } from '../ui/hud-view';
import { LobbyView } from '../ui/lobby-view';
import { NetGraphView } from '../ui/net-graph-view';
import { NoticeToasts } from '../ui/notice-toasts';
import { RecordingsView } from '../ui/recordings-view';
import { ArenaFeel } from './arena-feel';
import { ByteAttributionPoller } from './byte-attribution-poller';
import { type ClientErrorKind, describeError } from './describe-error';
import { loadPlayerName, savePlayerName } from './player-name';
import { ReplayViewer } from './replay-viewer';
import { type RoomLink, roomLinkUrl } from './room-link';
import { SeatMemory, type SeatStorage } from './seat-memory';
import { type ArenaTestState, CHAT_HISTORY_FOR_HOOK, snapshotTestState } from './test-state';

/** A server error this recent explains the disconnect that follows it (a kick). */
const KICK_REASON_WINDOW_MS = 2000;

export type Screen = 'connecting' | 'lobby' | 'joining' | 'arena';

export interface ArenaAppOptions {
  /** Page elements: the Phaser canvas' parent and the HTML UI layer. */
  readonly gameParent: HTMLElement;
  readonly uiRoot: HTMLElement;
  readonly keyboard: KeyboardState;
  readonly storage: Storage | undefined;
  /** The tab's own storage (sessionStorage): where the current seat is remembered across a reload. */
  readonly tabStorage?: SeatStorage | undefined;
  /** Interpolation delay override, ms (URL `?interpMs=`); default two snapshot periods. */
  readonly interpDelayMs?: number;
  /** When inputs leave (URL `?inputs=aligned`); default with the frames (RoomSessionOptions). */
  readonly inputTiming?: 'aligned' | 'frame';
  readonly showNetGraph?: boolean;
  /** Join this room as soon as connected (a `?room=` link, e.g. from another node's redirect). */
  readonly roomLink?: RoomLink;
  /** Told to the player at start: what was wrong with the page's room link (checkRoomLink). */
  readonly linkNotices?: readonly string[];
  /** Opens another page (a redirect to the node that hosts a room); default: the browser's location. */
  readonly navigate?: (url: string) => void;
}

interface RecentError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly atMs: number;
}

/**
 * The browser game as a whole: one connection, the lobby, the arena, and the screens between.
 * It routes server messages to where they belong, and turns every failure into words with a
 * way back (ErrorOverlay).
 */
export class ArenaApp {
  readonly stats = new NetStats();
  readonly clock = new ServerClock();
  private readonly connection: ArenaConnection;
  private readonly clockSync: ClockSync;
  private readonly options: ArenaAppOptions;
  private readonly lobbyChat = new ChatPanel('Say something to the lobby', false);
  private readonly roomChat = new ChatPanel('Say something to the room (Enter)', true);
  private readonly lobby: LobbyView;
  private readonly hud: HudView;
  private readonly feel: ArenaFeel;
  private readonly netGraph: NetGraphView;
  private readonly notices = new NoticeToasts();
  private readonly errorOverlay = new ErrorOverlay();
  private readonly recordings: RecordingsView;
  private readonly replayViewer: ReplayViewer;
  private readonly attributionPoller: ByteAttributionPoller;
  private byteAttribution: ByteAttribution | undefined;
  private screen: Screen = 'connecting';
  private playerName: string;
  private rooms: readonly RoomSummary[] = [];
  private session: RoomSession | undefined;
  /** Sends tick-aligned inputs at their time, between frames (see game/input-timer.ts). */
  private readonly inputTimer = new InputTimer();
  private arenaGame: Promise<ArenaGame> | undefined;
  private lastFrame: FrameState | undefined;
  private framesDrawn = 0;
  private recentError: RecentError | undefined;
  /** A room to join once connected (a `?room=` link). */
  private pendingRoomLink: string | undefined;
  private hasReportedOutage = false;
  /** The newest welcome's reconnection token, while seated. */
  private seatToken: string | undefined;
  /** Set while the connection is down and the seat may still be taken back with a rejoin. */
  private pendingRejoin: string | undefined;
  private readonly seatMemory: SeatMemory;
  private readonly chatHistory: { scope: string; name: string; text: string }[] = [];
  private readonly noticeHistory: string[] = [];

  constructor(options: ArenaAppOptions) {
    this.options = options;
    this.playerName = loadPlayerName(options.storage);
    this.seatMemory = new SeatMemory(options.tabStorage);
    // A reload mid-game: the seat is taken back, not joined again beside its own ghost.
    this.pendingRejoin = this.seatMemory.recall();
    if (options.roomLink?.name !== undefined) this.changeName(options.roomLink.name);
    this.pendingRoomLink = options.roomLink?.roomId;
    this.recordings = new RecordingsView({
      onWatch: (recording) => void this.watchRecording(recording),
      onReplayRooms: (rooms) => this.lobby.markReplays(rooms),
    });
    this.lobby = new LobbyView(
      this.playerName,
      this.lobbyChat,
      {
        onNameChange: (name) => this.changeName(name),
        onQuickPlay: () => this.join('any'),
        onJoin: (roomId) => this.join(roomId),
        onCreate: (request) => void this.createAndJoin(request),
      },
      this.recordings.element,
    );
    this.feel = new ArenaFeel(options.storage, options.keyboard);
    this.hud = new HudView(
      this.roomChat,
      () => this.leaveRoom(),
      this.feel.hudButtons,
      this.feel.hudOverlays,
    );
    this.replayViewer = new ReplayViewer({
      onLeave: () => this.leaveRoom(),
      onProblem: (message) => this.roomChat.addLine('system', message),
    });
    this.netGraph = new NetGraphView(this.stats, (profile) =>
      this.connection.send({
        type: 'netsim',
        conditions: profile === undefined ? undefined : NETWORK_PROFILES[profile],
      }),
    );
    this.attributionPoller = new ByteAttributionPoller(
      () => this.netGraph.isVisible,
      (attribution, note) => {
        this.byteAttribution = attribution;
        this.netGraph.setAttribution(attribution, note);
      },
    );
    if (options.showNetGraph) this.netGraph.toggle();
    this.feel.watchPanels(() => [...this.hud.panels(), this.netGraph.element, this.notices.element]);
    options.uiRoot.append(
      this.lobby.element,
      this.hud.element,
      this.replayViewer.bar.element,
      this.netGraph.element,
      this.notices.element,
      this.errorOverlay.element,
    );
    this.lobbyChat.onSend((text) => this.connection.send({ type: 'chat', text }));
    this.roomChat.onSend((text) => this.connection.send({ type: 'chat', text }));
    this.bindKeys(options.keyboard);

    for (const text of options.linkNotices ?? []) {
      this.remember(this.noticeHistory, text);
      this.notices.show(text, 'warn');
    }

    this.lobby.setStatus('Connecting to the game server…', false);
    this.connection = new ArenaConnection(undefined, this.stats);
    this.connection.onMessage((message, bytes) => this.onMessage(message, bytes));
    this.connection.onStatus((status) => this.onStatus(status));
    this.clockSync = new ClockSync(this.connection, this.clock, this.stats);
    this.clockSync.start();
  }

  /** Client state for the end-to-end test hook (window.__arena). */
  testState(): ArenaTestState {
    return snapshotTestState({
      screen: this.screen,
      connection: this.connection.status.state,
      playerName: this.playerName,
      rooms: this.rooms,
      session: this.session,
      frame: this.lastFrame,
      framesDrawn: this.framesDrawn,
      lastError: this.recentError,
      isErrorShown: this.errorOverlay.isVisible,
      notices: this.noticeHistory,
      chat: this.chatHistory,
      net: {
        ...this.stats.latest(),
        smoothedRttMs: this.clock.rttMs,
        serverClockOffsetMs: this.clock.offsetMs,
      },
      replay: this.replayViewer.testState(),
      byteAttribution: this.byteAttribution,
      isMuted: this.feel.sounds.isMuted,
      hitsLanded: this.feel.hitsLanded,
    });
  }

  /** Screen position of a world point in the arena (test hook), if the arena is showing. */
  async worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | undefined> {
    if (this.arenaGame === undefined || this.screen !== 'arena') return undefined;
    return (await this.arenaGame).worldToScreen(x, y);
  }

  private bindKeys(keyboard: KeyboardState): void {
    keyboard.onPress('Enter', (event) => {
      event.preventDefault();
      this.roomChat.open();
      keyboard.releaseAll();
    });
    keyboard.onPress('Escape', () => this.leaveRoom());
    keyboard.onPress('KeyN', () => {
      this.netGraph.toggle();
      if (this.netGraph.isVisible) this.attributionPoller.pollNow();
    });
    // In a replay Space pauses and resumes (a spectator has nothing to fire).
    keyboard.onPress('Space', () => {
      if (this.replayViewer.isWatching && !this.roomChat.isTyping) this.replayViewer.togglePause();
    });
  }

  private onStatus(status: ConnectionStatus): void {
    switch (status.state) {
      case 'connected':
        this.hasReportedOutage = false;
        this.netGraph.resetSimulation();
        this.lobby.setStatus('Connected. Pick a room or press Quick play.', true);
        this.clockSync.ping();
        if (this.pendingRejoin !== undefined) {
          // Take the seat back; the answer is a welcome (same player) or BAD_SEAT.
          this.screen = 'joining';
          this.connection.send({
            type: 'rejoin',
            protocolVersion: PROTOCOL_VERSION,
            seatToken: this.pendingRejoin,
          });
          this.pendingRejoin = undefined;
          break;
        }
        if (this.screen === 'connecting') this.screen = 'lobby';
        if (this.screen === 'lobby' && this.pendingRoomLink !== undefined) {
          const roomId = this.pendingRoomLink;
          this.pendingRoomLink = undefined;
          this.join(roomId);
          break;
        }
        if (this.screen === 'lobby') this.watchLobby();
        this.recordings.setEnabled(true);
        break;
      case 'disconnected': {
        this.lobby.setStatus('Disconnected from the game server; reconnecting…', false);
        this.recordings.setEnabled(false);
        if (status.reason === 'io client disconnect') break;
        const wasPlaying = this.screen === 'arena' || this.screen === 'joining';
        const seatToken = this.screen === 'arena' ? this.seatToken : undefined;
        this.exitArena();
        this.screen = 'connecting';
        this.showLobby(false);
        const recent = this.recentError;
        const isRecent = recent !== undefined && performance.now() - recent.atMs < KICK_REASON_WINDOW_MS;
        // A server that drops a slow client keeps its seat; any other recent error was a kick.
        const isKick = isRecent && recent.code !== Codes.SLOW_CONSUMER;
        if (seatToken !== undefined && !isKick) {
          this.pendingRejoin = seatToken;
          this.errorOverlay.show(
            describeError(
              'RECONNECTING',
              'If the server is still running, it keeps your place, score and position for a few seconds, and the game resumes as soon as the connection is back.',
            ),
            () => {
              this.pendingRejoin = undefined;
              this.showLobby(this.connection.isConnected);
            },
          );
          break;
        }
        if (this.errorOverlay.isVisible) break;
        if (isKick) {
          this.showError(recent.code, recent.message);
        } else if (wasPlaying) {
          this.showError('DISCONNECTED', `The connection closed (${status.reason}). Reconnecting…`);
        }
        break;
      }
      case 'unreachable':
        this.lobby.setStatus('Cannot reach the game server; retrying…', false);
        if (!this.hasReportedOutage && !this.errorOverlay.isVisible) {
          this.hasReportedOutage = true;
          this.showError(
            'UNREACHABLE',
            `No answer from ${window.location.host} (${status.reason}). The page keeps trying; it joins the lobby as soon as the server is back.`,
          );
        }
        break;
      case 'connecting':
        break;
    }
  }

  private onMessage(message: ServerMessage, bytes: number): void {
    const nowMs = performance.now();
    switch (message.type) {
      case 'snapshot':
        this.session?.onSnapshot(message, bytes, nowMs);
        this.inputTimer.arm(this.session);
        break;
      case 'events':
        this.session?.onEvents(message, nowMs);
        break;
      case 'welcome':
        // A rejoin's welcome ends the reconnection screen.
        if (this.screen === 'joining') this.errorOverlay.hide();
        void this.enterArena(message);
        break;
      case 'roomList':
        this.rooms = message.rooms;
        this.lobby.setRooms(message.rooms, message.total);
        // replay rooms are marked from GET /api/rooms (the pushed list does not say)
        if (this.screen === 'lobby') this.recordings.refreshSoon();
        break;
      case 'chatLine':
        this.remember(this.chatHistory, { scope: message.scope, name: message.name, text: message.text });
        (message.scope === 'lobby' ? this.lobbyChat : this.roomChat).addLine(
          'chat',
          message.text,
          message.name,
        );
        break;
      case 'notice':
        this.remember(this.noticeHistory, message.text);
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
          { roomId: message.roomId, name: this.playerName },
          window.location.search,
        );
        (this.options.navigate ?? ((to: string) => window.location.assign(to)))(url);
        break;
      }
    }
  }

  private onServerError(code: ErrorCode, message: string): void {
    this.recentError = { code, message, atMs: performance.now() };
    if (code === Codes.BAD_SEAT) this.seatMemory.forget();
    switch (code) {
      case Codes.RATE_LIMITED:
        this.activeChat().addLine('system', `Slow down: ${message}`);
        return;
      case Codes.NOT_IN_ROOM:
      case Codes.ALREADY_IN_ROOM:
        // Races of a leave with inputs or a join still in flight: nothing the player must see.
        console.info(`Arena: ${code}: ${message}`);
        return;
      case Codes.BAD_NAME:
        if (this.screen === 'lobby') {
          this.lobbyChat.addLine('system', `The server refused the name: ${message}`);
          return;
        }
        break;
      case Codes.BAD_MESSAGE:
      case Codes.PAYLOAD_TOO_LARGE:
        // Only a disconnect that follows makes it a kick (see onStatus); alone it is a client bug.
        console.warn(`Arena: the server refused a message: ${code}: ${message}`);
        return;
    }
    this.exitArena();
    this.showLobby(this.connection.isConnected);
    this.showError(code, message);
  }

  private showError(code: ErrorCode | ClientErrorKind, message: string): void {
    const description = describeError(code, message);
    this.errorOverlay.show(description, () => {
      if (description.recovery === 'reload') window.location.reload();
      else this.showLobby(this.connection.isConnected);
    });
  }

  private changeName(name: string): void {
    const saved = savePlayerName(this.options.storage, name);
    if (saved === undefined) return;
    this.playerName = saved;
    if (this.screen === 'lobby') this.watchLobby();
  }

  /** The server answers with the room list and the recent lobby chat, which replaces what is shown. */
  private watchLobby(): void {
    this.lobbyChat.clear();
    this.connection.send({ type: 'lobby', watch: true, name: this.playerName });
  }

  private join(roomId: string): void {
    if (!this.connection.isConnected || this.screen === 'arena') return;
    this.screen = 'joining';
    this.lobby.setBusy(true);
    this.connection.send({ type: 'join', protocolVersion: PROTOCOL_VERSION, name: this.playerName, roomId });
  }

  private async createAndJoin(request: CreateRoomRequest): Promise<void> {
    this.lobby.setBusy(true);
    const created = await createRoom(request);
    this.lobby.setBusy(false);
    if (!created.ok) {
      this.showError(created.code === 'NETWORK' ? 'UNREACHABLE' : created.code, created.message);
      return;
    }
    this.join(created.room.id);
  }

  /** Opens a replay room for a recording and joins it as a spectator. */
  private async watchRecording(recording: string): Promise<void> {
    if (!this.connection.isConnected || this.screen !== 'lobby') return;
    this.lobby.setBusy(true);
    this.recordings.setEnabled(false);
    const created = await createReplay(recording);
    this.lobby.setBusy(false);
    this.recordings.setEnabled(this.connection.isConnected);
    if (!created.ok) {
      this.showError(created.code === 'NETWORK' ? 'UNREACHABLE' : created.code, created.message);
      return;
    }
    this.join(created.value);
  }

  private async enterArena(welcome: WelcomeMessage): Promise<void> {
    // Player 0 is a spectator of a replay room: nothing to play, a camera and a playback bar.
    const isSpectator = welcome.playerId === 0;
    const session = new RoomSession(
      welcome,
      { send: (message) => this.connection.send(message), stats: this.stats, clock: this.clock },
      {
        ...(this.options.interpDelayMs === undefined ? {} : { interpDelayMs: this.options.interpDelayMs }),
        ...(this.options.inputTiming === undefined ? {} : { inputTiming: this.options.inputTiming }),
      },
    );
    if (!session.canDecode) {
      this.connection.send({ type: 'leave' });
      this.seatMemory.forget();
      this.showLobby(true);
      this.showError('UNKNOWN_STRATEGY', `The room sends snapshots as "${welcome.strategy}".`);
      return;
    }
    if (isSpectator && this.screen === 'arena' && this.replayViewer.roomId === welcome.roomId) {
      // The same replay after a playback change (pause, speed, seek): a new timeline, same view.
      this.session = session;
      this.replayViewer.restart(session);
      return;
    }
    this.session = session;
    this.seatToken = isSpectator ? undefined : welcome.seatToken;
    if (this.seatToken !== undefined) this.seatMemory.remember(this.seatToken);
    else this.seatMemory.forget();
    // seated (a rejoin after a reload included): the page's room link has been used up
    this.pendingRoomLink = undefined;
    this.screen = 'arena';
    this.lastFrame = undefined;
    this.lobby.hide();
    this.lobby.setBusy(false);
    this.roomChat.clear();
    this.roomChat.addLine(
      'system',
      isSpectator
        ? `Watching replay ${welcome.roomId}. Space pauses, WASD moves the camera, Esc leaves.`
        : `Joined room ${welcome.roomId}. Enter to chat, Esc to leave.`,
    );
    this.hud.show();
    this.hud.element.classList.toggle('spectating', isSpectator);
    document.body.classList.toggle('replaying', isSpectator);
    if (isSpectator) this.replayViewer.start(welcome.roomId, session);
    else this.replayViewer.stop();
    this.attributionPoller.start(welcome.roomId);
    this.options.keyboard.isEnabled = true;
    this.arenaGame ??= import('../scenes/arena-game').then(({ ArenaGame }) =>
      ArenaGame.create(this.options.gameParent),
    );
    const game = await this.arenaGame;
    // The player may have left (or been thrown out) while Phaser was loading; a replay may
    // also have restarted its session meanwhile (a playback change), which still needs the scene.
    const isStillHere = isSpectator ? this.replayViewer.roomId === welcome.roomId : this.session === session;
    if (!isStillHere) return;
    const spectator = isSpectator ? this.replayViewer.camera : undefined;
    game.start({
      session: isSpectator ? this.replayViewer.sceneSession : session,
      ...(spectator === undefined ? {} : { spectator }),
      keyboard: this.options.keyboard,
      isInputBlocked: () => this.roomChat.isTyping || this.errorOverlay.isVisible,
      // a replay swaps sessions as playback changes: always the current one
      onFrame: (frame, nowMs) => this.onFrame(this.session ?? session, frame, nowMs),
      ...this.feel.sceneData(),
    });
  }

  private onFrame(session: RoomSession, frame: FrameState, nowMs: number): void {
    this.inputTimer.arm(this.session);
    this.lastFrame = frame;
    this.framesDrawn++;
    const isScoreboardHeld = this.options.keyboard.isDown('Tab') && !this.roomChat.isTyping;
    this.hud.update(frame, session, nowMs, isScoreboardHeld);
    this.feel.onFrame(frame);
    this.netGraph.update(nowMs, session.describeNetcode());
    this.replayViewer.update(frame);
  }

  private leaveRoom(): void {
    if (this.screen !== 'arena' && this.screen !== 'joining') return;
    this.connection.send({ type: 'leave' });
    this.seatMemory.forget();
    this.exitArena();
    this.showLobby(this.connection.isConnected);
  }

  /** Tears the arena down (if it is up); the caller decides what to show next. */
  private exitArena(): void {
    this.session = undefined;
    this.inputTimer.stop();
    this.seatToken = undefined;
    this.lastFrame = undefined;
    this.replayViewer.stop();
    this.attributionPoller.stop();
    document.body.classList.remove('replaying');
    this.hud.hide();
    this.feel.exit();
    this.options.keyboard.isEnabled = false;
    this.options.keyboard.releaseAll();
    void this.arenaGame?.then((game) => {
      if (this.session === undefined) game.stop();
    });
  }

  private showLobby(isConnected: boolean): void {
    this.screen = isConnected ? 'lobby' : 'connecting';
    this.lobby.setBusy(false);
    this.lobby.show();
    this.recordings.setEnabled(isConnected);
    if (isConnected) {
      this.watchLobby();
      void this.recordings.refresh();
    }
  }

  private activeChat(): ChatPanel {
    return this.screen === 'arena' ? this.roomChat : this.lobbyChat;
  }

  private remember<T>(list: T[], item: T): void {
    list.push(item);
    if (list.length > CHAT_HISTORY_FOR_HOOK) list.shift();
  }
}

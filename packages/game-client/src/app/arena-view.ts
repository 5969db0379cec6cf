import type { NetStats } from '@arena/netcode';
import {
  type ByteAttribution,
  type ClientMessage,
  NETWORK_PROFILES,
  type WelcomeMessage,
} from '@arena/protocol';
import { InputTimer } from '../game/input-timer';
import type { FrameState, RoomSession } from '../game/room-session';
import type { KeyboardState } from '../input/keyboard-state';
import { ChatPanel } from '../ui/chat-panel';
import { h } from '../ui/dom';
import { HudView } from '../ui/hud-view';
import { NetGraphView } from '../ui/net-graph-view';
import { ArenaFeel } from './arena-feel';
import { ArenaStage } from './arena-stage';
import { ByteAttributionPoller } from './byte-attribution-poller';
import type { NameStorage } from './player-name';
import { ReplayViewer } from './replay-viewer';
import type { Screen } from './screen-machine';

/** What the room's views need from the app. */
export interface ArenaViewOptions {
  readonly gameParent: HTMLElement;
  readonly keyboard: KeyboardState;
  /** Where the mute choice is remembered (localStorage). */
  readonly storage: NameStorage | undefined;
  readonly stats: NetStats;
  readonly showNetGraph: boolean;
  readonly send: (message: ClientMessage) => void;
  /** The room's current session (a replay swaps it after every playback change). */
  readonly session: () => RoomSession | undefined;
  /** The net graph's line on the path snapshots and inputs take (DatagramPath.describe). */
  readonly describeTransport: () => string;
  /** Esc, the Leave button, the replay bar's way back. */
  readonly onLeave: () => void;
  /** Invite: copy the room's link. */
  readonly onInvite: (roomId: string) => void;
  /** A dialog is up: the game takes no input. */
  readonly isDialogShown: () => boolean;
  /** Every frame drawn, with the session it was drawn from (the app follows the player's life). */
  readonly onFrame: (session: RoomSession, frame: FrameState, nowMs: number) => void;
}

/**
 * Everything shown in a room: the Phaser scene, the HUD with room chat and the invite button,
 * the net graph with its byte attribution, and a replay's playback bar; and the keys that work
 * there. The app says when a room starts and ends; this draws it.
 */
export class ArenaView {
  readonly roomChat = new ChatPanel('Say something to the room (Enter)', true);
  readonly replayViewer: ReplayViewer;
  /** Sounds and their mute toggle, touch sticks, the panel bands the camera avoids. */
  readonly feel: ArenaFeel;
  private readonly hud: HudView;
  private readonly netGraph: NetGraphView;
  private readonly attributionPoller: ByteAttributionPoller;
  private readonly stage: ArenaStage;
  /** Sends tick-aligned inputs at their time, between frames (see game/input-timer.ts). */
  private readonly inputTimer = new InputTimer();
  private readonly inviteButton = h('button', {
    className: 'hud-invite',
    text: 'Invite',
    // short on screen (the top bar must fit a phone); its accessible name says what it does
    attrs: {
      type: 'button',
      title: 'Copy invite link',
      'aria-label': 'Copy invite link',
      'data-testid': 'copy-invite',
    },
  });
  private attribution: ByteAttribution | undefined;

  constructor(private readonly options: ArenaViewOptions) {
    this.inviteButton.addEventListener('click', () => {
      this.inviteButton.blur(); // Space must not press it again
      const session = options.session();
      if (session !== undefined) options.onInvite(session.roomId);
    });
    this.feel = new ArenaFeel(options.storage, options.keyboard);
    this.hud = new HudView(
      this.roomChat,
      () => options.onLeave(),
      [this.inviteButton, ...this.feel.hudButtons],
      this.feel.hudOverlays,
    );
    this.replayViewer = new ReplayViewer({
      onLeave: () => options.onLeave(),
      onProblem: (message) => this.roomChat.addLine('system', message),
    });
    this.netGraph = new NetGraphView(options.stats, (profile) =>
      options.send({
        type: 'netsim',
        conditions: profile === undefined ? undefined : NETWORK_PROFILES[profile],
      }),
    );
    this.attributionPoller = new ByteAttributionPoller(
      () => this.netGraph.isVisible,
      (attribution, note) => {
        this.attribution = attribution;
        this.netGraph.setAttribution(attribution, note);
      },
    );
    this.stage = new ArenaStage(options.gameParent, () => options.session() !== undefined);
    if (options.showNetGraph) this.netGraph.toggle();
    this.bindKeys(options.keyboard);
  }

  /** Boots the game in the background while the player is on the front page (ArenaStage.preload). */
  preloadGame(): void {
    this.stage.preload();
  }

  /** The views to put on the page, in stacking order. */
  get elements(): readonly HTMLElement[] {
    return [this.hud.element, this.replayViewer.bar.element, this.netGraph.element];
  }

  /** The panels along the screen's edges (the HUD's, the net graph), for the camera to keep clear. */
  panels(): Element[] {
    return [...this.hud.panels(), this.netGraph.element];
  }

  /** The room's byte attribution as the net graph shows it (the test hook). */
  get byteAttribution(): ByteAttribution | undefined {
    return this.attribution;
  }

  /** A new connection starts unshaped: the net graph's "simulate" menu says so again. */
  resetSimulation(): void {
    this.netGraph.resetSimulation();
  }

  /** The part of a screen change that is the room's: the HUD, a spectator's bar, the keys. */
  show(screen: Screen, isInArena: boolean): void {
    if (isInArena) this.hud.show();
    else this.hud.hide();
    this.hud.element.classList.toggle('spectating', screen === 'replay');
    this.inviteButton.classList.toggle('hidden', screen !== 'playing' && screen !== 'dead');
    document.body.classList.toggle('replaying', screen === 'replay');
    this.options.keyboard.isEnabled = isInArena;
    if (!isInArena) this.options.keyboard.releaseAll();
  }

  /** A room's first welcome (a replay's too): the views start and the scene is loaded and started. */
  async enter(welcome: WelcomeMessage, session: RoomSession): Promise<void> {
    const isSpectator = welcome.playerId === 0;
    this.roomChat.clear();
    this.roomChat.addLine(
      'system',
      isSpectator
        ? `Watching replay ${welcome.roomId}. Space pauses, WASD moves the camera, Esc leaves.`
        : `Joined room ${welcome.roomId}. Enter to chat, Esc to leave, Invite copies a link for a friend.`,
    );
    if (isSpectator) this.replayViewer.start(welcome.roomId, session);
    else this.replayViewer.stop();
    this.attributionPoller.start(welcome.roomId);
    const game = await this.stage.load();
    // The player may have left (or been thrown out) while Phaser was loading; a replay may
    // also have restarted its session meanwhile (a playback change), which still needs the scene.
    const isStillHere = isSpectator
      ? this.replayViewer.roomId === welcome.roomId
      : this.options.session() === session;
    if (!isStillHere) return;
    const spectator = isSpectator ? this.replayViewer.camera : undefined;
    game.start({
      session: isSpectator ? this.replayViewer.sceneSession : session,
      ...(spectator === undefined ? {} : { spectator }),
      keyboard: this.options.keyboard,
      isInputBlocked: () => this.roomChat.isTyping || this.options.isDialogShown(),
      // a replay swaps sessions as playback changes: always the current one
      onFrame: (frame, nowMs) => this.options.onFrame(this.options.session() ?? session, frame, nowMs),
      ...this.feel.sceneData(),
    });
  }

  /** Per frame: the HUD, the net graph and a replay's bar follow what was drawn. */
  update(session: RoomSession, frame: FrameState, nowMs: number): void {
    this.inputTimer.arm(this.options.session());
    const isScoreboardHeld = this.options.keyboard.isDown('Tab') && !this.roomChat.isTyping;
    this.hud.update(frame, session, nowMs, isScoreboardHeld);
    this.feel.onFrame(frame);
    this.netGraph.update(nowMs, session.describeNetcode(), this.options.describeTransport());
    this.replayViewer.update(frame);
  }

  /** A snapshot arrived: a tick-aligned input may be due before the next frame. */
  armInputs(): void {
    this.inputTimer.arm(this.options.session());
  }

  /** The room is left: everything stops (the canvas stays, hidden, for the next room). */
  exit(): void {
    this.feel.exit();
    this.inputTimer.stop();
    this.replayViewer.stop();
    this.attributionPoller.stop();
    this.stage.stop();
  }

  /** Where a world point is drawn, once the scene is loaded. */
  worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | undefined> {
    return this.stage.worldToScreen(x, y);
  }

  private bindKeys(keyboard: KeyboardState): void {
    keyboard.onPress('Enter', (event) => {
      event.preventDefault();
      this.roomChat.open();
      keyboard.releaseAll();
    });
    keyboard.onPress('Escape', () => this.options.onLeave());
    keyboard.onPress('KeyN', () => {
      this.netGraph.toggle();
      if (this.netGraph.isVisible) this.attributionPoller.pollNow();
    });
    // In a replay Space pauses and resumes (a spectator has nothing to fire).
    keyboard.onPress('Space', () => {
      if (this.replayViewer.isWatching && !this.roomChat.isTyping) this.replayViewer.togglePause();
    });
  }
}

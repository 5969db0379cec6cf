import { PLAYER_NAME_MAX_CHARS, type RoomSummary, sanitizePlayerName } from '@arena/protocol';
import type { CreateRoomRequest } from '../net/create-room';
import type { ReplayRoomSummary } from '../net/replay-api';
import type { ChatPanel } from './chat-panel';
import { CustomRoomForm } from './custom-room-form';
import { h, setText } from './dom';
import { RoomListView } from './room-list-view';

export interface LobbyActions {
  readonly onNameChange: (name: string) => void;
  /** Play: a seat in the liveliest open room (room `any`). */
  readonly onQuickPlay: () => void;
  readonly onJoin: (roomId: string) => void;
  readonly onCreate: (request: CreateRoomRequest) => void;
  /** Copy a room's invite link. */
  readonly onInvite: (roomId: string) => void;
}

/**
 * The player's front page: the name (remembered) and a big Play button first (Enter in the
 * name plays too), the live room list below it, the "Custom room" section (closed at first) for
 * rates, network, seats, bots and recording, then the recordings (`recordings` panel) and
 * lobby chat.
 */
export class LobbyView {
  readonly element: HTMLElement;
  private readonly status = h('p', { className: 'lobby-status', attrs: { role: 'status' } });
  private readonly nameInput: HTMLInputElement;
  private readonly nameHint = h('span', { className: 'field-hint' });
  private readonly playButton = h('button', {
    className: 'primary play-button',
    text: 'Play',
    attrs: { type: 'button', 'data-testid': 'quick-play' },
  });
  private readonly roomList: RoomListView;
  private readonly customRoom: CustomRoomForm;
  private isBusy = false;
  private isOnline = false;

  constructor(
    initialName: string,
    chat: ChatPanel,
    private readonly actions: LobbyActions,
    recordings?: HTMLElement,
  ) {
    this.nameInput = h('input', {
      className: 'name-input',
      attrs: {
        id: 'player-name',
        type: 'text',
        maxlength: String(PLAYER_NAME_MAX_CHARS),
        autocomplete: 'nickname',
        placeholder: 'your name',
        'data-testid': 'player-name',
      },
    });
    this.nameInput.value = initialName;
    this.nameInput.addEventListener('input', () => this.onNameInput());
    this.nameInput.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' || event.isComposing) return;
      event.preventDefault();
      if (this.canPlay()) actions.onQuickPlay();
    });
    this.playButton.addEventListener('click', () => actions.onQuickPlay());
    this.roomList = new RoomListView({ onJoin: actions.onJoin, onInvite: actions.onInvite });
    this.customRoom = new CustomRoomForm(actions.onCreate);

    this.element = h(
      'main',
      { className: 'lobby' },
      h('header', { className: 'lobby-header' }, h('h1', { text: 'Arena' }), this.status),
      h(
        'section',
        { className: 'panel lobby-play', attrs: { 'aria-label': 'Play' } },
        h('label', { attrs: { for: 'player-name' }, text: 'Your name' }),
        h('div', { className: 'play-row' }, this.nameInput, this.playButton),
        this.nameHint,
        h('p', {
          className: 'play-hint',
          text: 'Enter or Play puts you in the liveliest open room.',
        }),
      ),
      h(
        'section',
        { className: 'panel lobby-rooms' },
        h('h2', { text: 'Rooms' }),
        this.roomList.element,
        this.customRoom.element,
      ),
      recordings,
      h('section', { className: 'panel lobby-chat' }, h('h2', { text: 'Lobby chat' }), chat.element),
      h('p', {
        className: 'lobby-help',
        text: 'WASD or arrows move · mouse aims · click or Space fires · Tab scores · Enter chats · N net graph · Esc leaves',
      }),
    );
    this.refreshButtons();
  }

  get playerName(): string {
    return this.nameInput.value;
  }

  setStatus(text: string, isOnline: boolean): void {
    setText(this.status, text);
    this.isOnline = isOnline;
    this.refreshButtons();
  }

  /** While a join or a room creation is under way, the buttons wait. */
  setBusy(isBusy: boolean): void {
    this.isBusy = isBusy;
    this.refreshButtons();
  }

  /** The pushed rooms (at most 50; `total` is how many the server runs). */
  setRooms(rooms: readonly RoomSummary[], total = rooms.length): void {
    this.roomList.setRooms(rooms, total);
  }

  /** Marks the rooms that play a recording back (joining one is watching it). */
  markReplays(replays: readonly ReplayRoomSummary[]): void {
    this.roomList.markReplays(replays);
  }

  show(): void {
    this.element.classList.remove('hidden');
  }

  hide(): void {
    this.element.classList.add('hidden');
  }

  /** Puts the cursor in the name, so that Enter plays at once. */
  focusName(): void {
    if (document.activeElement === document.body || document.activeElement === null) this.nameInput.focus();
  }

  private onNameInput(): void {
    const clean = sanitizePlayerName(this.nameInput.value);
    setText(this.nameHint, clean.ok ? '' : `Pick a name of 1 to ${PLAYER_NAME_MAX_CHARS} characters.`);
    if (clean.ok) this.actions.onNameChange(clean.value);
    this.refreshButtons();
  }

  private canPlay(): boolean {
    return this.isOnline && !this.isBusy && sanitizePlayerName(this.nameInput.value).ok;
  }

  private refreshButtons(): void {
    const canPlay = this.canPlay();
    this.playButton.disabled = !canPlay;
    this.customRoom.submitButton.disabled = !canPlay;
    this.roomList.setCanJoin(canPlay);
  }
}

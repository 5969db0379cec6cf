import {
  NETWORK_PROFILE_NAMES,
  PLAYER_NAME_MAX_CHARS,
  type RoomSummary,
  sanitizePlayerName,
} from '@arena/protocol';
import type { CreateRoomRequest } from '../net/create-room';
import type { ReplayRoomSummary } from '../net/replay-api';
import type { ChatPanel } from './chat-panel';
import { h, setText } from './dom';

/** Tick rates offered when creating a room (the server accepts 10..128). */
const TICK_RATE_CHOICES = [20, 30, 60, 128] as const;
/** Snapshot rates offered; 0 stands for "one per tick". */
const SNAPSHOT_RATE_CHOICES = [0, 10, 20, 30] as const;
const DEFAULT_TICK_RATE_HZ = 60;
const DEFAULT_MAX_PLAYERS = 8;

export interface LobbyActions {
  readonly onNameChange: (name: string) => void;
  readonly onQuickPlay: () => void;
  readonly onJoin: (roomId: string) => void;
  readonly onCreate: (request: CreateRoomRequest) => void;
}

/**
 * The lobby screen: name (remembered), quick play, the live room list (pushed by the server,
 * never polled; replay rooms marked), a form to create a room, the recordings (`recordings`
 * panel), and lobby chat.
 */
export class LobbyView {
  readonly element: HTMLElement;
  private readonly status = h('p', { className: 'lobby-status', attrs: { role: 'status' } });
  private readonly nameInput: HTMLInputElement;
  private readonly nameHint = h('span', { className: 'field-hint' });
  private readonly quickPlay = h('button', {
    className: 'primary',
    text: 'Quick play',
    attrs: { type: 'button', 'data-testid': 'quick-play' },
  });
  private readonly roomRows = h('tbody');
  private readonly emptyRooms = h('p', {
    className: 'rooms-empty',
    text: 'No rooms yet: create one, or press Quick play.',
  });
  /** Shown when the server has more rooms than it pushes (the lobby list is bounded). */
  private readonly moreRooms = h('p', {
    className: 'rooms-more hidden',
    attrs: { 'data-testid': 'more-rooms' },
  });
  private readonly createForm: HTMLFormElement;
  private readonly buttons: HTMLButtonElement[] = [];
  private isBusy = false;
  private isOnline = false;
  private rooms: readonly RoomSummary[] = [];
  /** Rooms the server runs in all (it pushes only some). */
  private total = 0;
  /** Replay rooms by id: the recording each plays. */
  private replays = new Map<string, string>();

  constructor(
    initialName: string,
    chat: ChatPanel,
    private readonly actions: LobbyActions,
    recordings?: HTMLElement,
  ) {
    this.nameInput = h('input', {
      attrs: {
        id: 'player-name',
        type: 'text',
        maxlength: String(PLAYER_NAME_MAX_CHARS),
        autocomplete: 'nickname',
        'data-testid': 'player-name',
      },
    });
    this.nameInput.value = initialName;
    this.nameInput.addEventListener('input', () => this.onNameInput());
    this.quickPlay.addEventListener('click', () => actions.onQuickPlay());

    const roomTable = h(
      'table',
      { className: 'rooms' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { text: 'Room' }),
          h('th', { text: 'Players' }),
          h('th', { text: 'Tick' }),
          h('th', { text: 'Snapshots' }),
          h('th'),
        ),
      ),
      this.roomRows,
    );
    this.createForm = this.buildCreateForm();

    this.element = h(
      'main',
      { className: 'lobby' },
      h('header', { className: 'lobby-header' }, h('h1', { text: 'Arena' }), this.status),
      h(
        'section',
        { className: 'panel lobby-play' },
        h('label', { attrs: { for: 'player-name' }, text: 'Your name' }),
        h('div', { className: 'row' }, this.nameInput, this.quickPlay),
        this.nameHint,
      ),
      h(
        'section',
        { className: 'panel lobby-rooms' },
        h('h2', { text: 'Rooms' }),
        roomTable,
        this.emptyRooms,
        this.moreRooms,
        this.createForm,
      ),
      recordings,
      h('section', { className: 'panel lobby-chat' }, h('h2', { text: 'Lobby chat' }), chat.element),
      h('p', {
        className: 'lobby-help',
        text: 'WASD or arrows move · mouse aims · click or Space fires · Tab scores · Enter chats · N net graph · Esc leaves',
      }),
    );
    this.buttons.push(this.quickPlay, this.createForm.querySelector('button')!);
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

  /**
   * Shows the pushed rooms. The server pushes at most 50, those with a free seat first; `total`
   * says how many it runs, and a hint tells the player about the rest.
   */
  setRooms(rooms: readonly RoomSummary[], total = rooms.length): void {
    this.rooms = rooms;
    this.total = total;
    const rows = rooms.map((room) => this.roomRow(room));
    this.roomRows.replaceChildren(...rows);
    this.emptyRooms.classList.toggle('hidden', rooms.length > 0);
    const hidden = total - rooms.length;
    setText(
      this.moreRooms,
      hidden > 0
        ? `${hidden} more ${hidden === 1 ? 'room' : 'rooms'} not shown (the liveliest open rooms are listed first): Quick play finds a seat, or open a room by its id with ?room=ID in the address.`
        : '',
    );
    this.moreRooms.classList.toggle('hidden', hidden <= 0);
    this.refreshButtons();
  }

  /** Marks the rooms that play a recording back (joining one is watching it). */
  markReplays(replays: readonly ReplayRoomSummary[]): void {
    const next = new Map(replays.map((room) => [room.id, room.replay.recording]));
    const isSame =
      next.size === this.replays.size && [...next].every(([id, name]) => this.replays.get(id) === name);
    if (isSame) return;
    this.replays = next;
    this.setRooms(this.rooms, this.total);
  }

  show(): void {
    this.element.classList.remove('hidden');
  }

  hide(): void {
    this.element.classList.add('hidden');
  }

  private roomRow(room: RoomSummary): HTMLElement {
    const isFull = room.players >= room.maxPlayers;
    const recording = this.replays.get(room.id);
    const join = h('button', {
      text: isFull ? 'Full' : recording === undefined ? 'Join' : 'Watch',
      attrs: { type: 'button', 'data-room': room.id },
    });
    join.dataset.full = String(isFull);
    join.addEventListener('click', () => this.actions.onJoin(room.id));
    return h(
      'tr',
      {},
      h('td', {
        text:
          recording !== undefined
            ? `${room.id} (replay of ${recording})`
            : room.mode === 'arena'
              ? room.id
              : `${room.id} (${room.mode})`,
      }),
      h('td', { text: `${room.players} / ${room.maxPlayers}` }),
      h('td', { text: `${room.tickRateHz} Hz` }),
      h('td', { text: `${room.snapshotRateHz} Hz · ${room.strategy}` }),
      h('td', {}, join),
    );
  }

  private buildCreateForm(): HTMLFormElement {
    const id = h('input', {
      attrs: {
        type: 'text',
        name: 'id',
        placeholder: 'room name (optional)',
        maxlength: '32',
        pattern: '[a-z0-9][a-z0-9-]*',
      },
    });
    const tickRate = h('select', { attrs: { name: 'tickRate', 'aria-label': 'Tick rate' } });
    for (const hz of TICK_RATE_CHOICES) {
      const option = h('option', { text: `${hz} Hz`, attrs: { value: String(hz) } });
      option.selected = hz === DEFAULT_TICK_RATE_HZ;
      tickRate.append(option);
    }
    const maxPlayers = h('input', {
      attrs: { type: 'number', name: 'maxPlayers', min: '1', max: '64', 'aria-label': 'Max players' },
    });
    maxPlayers.value = String(DEFAULT_MAX_PLAYERS);
    const snapshotRate = h('select', { attrs: { name: 'snapshotRate', 'aria-label': 'Snapshot rate' } });
    for (const hz of SNAPSHOT_RATE_CHOICES) {
      snapshotRate.append(
        h('option', { text: hz === 0 ? 'every tick' : `${hz} Hz`, attrs: { value: String(hz) } }),
      );
    }
    // Simulated network conditions, for watching the netcode (and the net graph) cope.
    const network = h('select', { attrs: { name: 'network', 'aria-label': 'Simulated network' } });
    for (const name of ['none', ...NETWORK_PROFILE_NAMES]) {
      network.append(h('option', { text: name === 'none' ? 'real network' : name, attrs: { value: name } }));
    }
    const form = h(
      'form',
      { className: 'create-room' },
      h('h3', { text: 'New room' }),
      id,
      h('label', { text: 'tick ' }, tickRate),
      h('label', { text: 'snapshots ' }, snapshotRate),
      h('label', { text: 'players ' }, maxPlayers),
      h('label', { text: 'network ' }, network),
      h('button', { text: 'Create and join', attrs: { type: 'submit' } }),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const trimmedId = id.value.trim().toLowerCase();
      const tickRateHz = Number(tickRate.value);
      const snapshotRateHz = Number(snapshotRate.value);
      this.actions.onCreate({
        ...(trimmedId === '' ? {} : { id: trimmedId }),
        tickRateHz,
        ...(snapshotRateHz > 0 && snapshotRateHz < tickRateHz ? { snapshotRateHz } : {}),
        maxPlayers: Math.max(1, Math.min(64, Math.round(Number(maxPlayers.value) || DEFAULT_MAX_PLAYERS))),
        ...(network.value === 'none' ? {} : { network: network.value }),
      });
    });
    return form;
  }

  private onNameInput(): void {
    const clean = sanitizePlayerName(this.nameInput.value);
    setText(this.nameHint, clean.ok ? '' : `Pick a name of 1 to ${PLAYER_NAME_MAX_CHARS} characters.`);
    if (clean.ok) this.actions.onNameChange(clean.value);
    this.refreshButtons();
  }

  private refreshButtons(): void {
    const canPlay = this.isOnline && !this.isBusy && sanitizePlayerName(this.nameInput.value).ok;
    for (const button of this.buttons) button.disabled = !canPlay;
    for (const button of this.roomRows.querySelectorAll('button')) {
      button.disabled = !canPlay || button.dataset.full === 'true';
    }
  }
}

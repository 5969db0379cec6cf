import type { RoomSummary } from '@arena/protocol';
import type { ReplayRoomSummary } from '../net/replay-api';
import { h, setText } from './dom';

/** What the room list's buttons do. */
export interface RoomListActions {
  readonly onJoin: (roomId: string) => void;
  /** Copy the room's invite link. */
  readonly onInvite: (roomId: string) => void;
}

/** "3 players + 2 bots": who is in a room, bots counted apart when the server says. */
export function describeOccupants(room: Pick<RoomSummary, 'players' | 'bots'>): string {
  const players = `${room.players} ${room.players === 1 ? 'player' : 'players'}`;
  const bots = room.bots ?? 0;
  return bots > 0 ? `${players} + ${bots} ${bots === 1 ? 'bot' : 'bots'}` : players;
}

/**
 * The front page's live room list (pushed by the server, never polled): each room with who is in
 * it, its rates, Join (Watch for a replay room, Full when it is) and Invite (copies its link).
 */
export class RoomListView {
  readonly element: HTMLElement;
  private readonly rows = h('tbody');
  private readonly empty = h('p', {
    className: 'rooms-empty',
    text: 'No rooms yet: press Play, or create a custom room.',
  });
  /** Shown when the server has more rooms than it pushes (the lobby list is bounded). */
  private readonly more = h('p', {
    className: 'rooms-more hidden',
    attrs: { 'data-testid': 'more-rooms' },
  });
  private rooms: readonly RoomSummary[] = [];
  /** Rooms the server runs in all (it pushes only some). */
  private total = 0;
  /** Replay rooms by id: the recording each plays. */
  private replays = new Map<string, string>();
  private canJoin = false;

  constructor(private readonly actions: RoomListActions) {
    this.element = h(
      'div',
      { className: 'room-list' },
      h(
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
            h('th', { text: 'Rates' }),
            h('th'),
          ),
        ),
        this.rows,
      ),
      this.empty,
      this.more,
    );
  }

  /**
   * Shows the pushed rooms. The server pushes at most 50, those with a free seat first; `total`
   * says how many it runs, and a hint tells the player about the rest.
   */
  setRooms(rooms: readonly RoomSummary[], total = rooms.length): void {
    this.rooms = rooms;
    this.total = total;
    this.rows.replaceChildren(...rooms.map((room) => this.row(room)));
    this.empty.classList.toggle('hidden', rooms.length > 0);
    const hidden = total - rooms.length;
    setText(
      this.more,
      hidden > 0
        ? `${hidden} more ${hidden === 1 ? 'room' : 'rooms'} not shown (the liveliest open rooms are listed first): Play finds a seat, or open a room by its id with ?room=ID in the address.`
        : '',
    );
    this.more.classList.toggle('hidden', hidden <= 0);
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

  /** Join buttons work only while connected, not busy, with a usable name. */
  setCanJoin(canJoin: boolean): void {
    this.canJoin = canJoin;
    this.refreshButtons();
  }

  private row(room: RoomSummary): HTMLElement {
    const isFull = room.players >= room.maxPlayers;
    const recording = this.replays.get(room.id);
    const join = h('button', {
      text: isFull ? 'Full' : recording === undefined ? 'Join' : 'Watch',
      attrs: { type: 'button', 'data-room': room.id },
    });
    join.dataset.full = String(isFull);
    join.addEventListener('click', () => this.actions.onJoin(room.id));
    const invite = h('button', {
      className: 'room-invite',
      text: 'Invite',
      attrs: {
        type: 'button',
        'data-invite-room': room.id,
        title: 'Copy a link to this room',
        'aria-label': `Copy invite link to ${room.id}`,
      },
    });
    invite.addEventListener('click', () => this.actions.onInvite(room.id));
    const name =
      recording !== undefined
        ? `${room.id} (replay of ${recording})`
        : room.mode === 'arena'
          ? room.id
          : `${room.id} (${room.mode})`;
    return h(
      'tr',
      {},
      h('td', { text: name }),
      h('td', {
        text: recording === undefined ? describeOccupants(room) : 'replay',
        attrs: { title: `${room.maxPlayers} seats` },
      }),
      h('td', {
        className: 'rooms-rates',
        text: `${room.tickRateHz} Hz · ${room.snapshotRateHz} Hz ${room.strategy}`,
        attrs: { title: 'tick rate · snapshot rate and strategy' },
      }),
      h('td', { className: 'rooms-actions' }, join, recording === undefined ? invite : undefined),
    );
  }

  private refreshButtons(): void {
    for (const button of this.rows.querySelectorAll<HTMLButtonElement>('button[data-room]')) {
      button.disabled = !this.canJoin || button.dataset.full === 'true';
    }
  }
}

import type { ClientMessage, ErrorCode, RoomSummary, TransportName } from '@arena/protocol';
import { type CreateRoomRequest, createRoom } from '../net/create-room';
import { createReplay } from '../net/replay-api';
import { ChatPanel } from '../ui/chat-panel';
import { InvitePanel } from '../ui/invite-panel';
import { LobbyView } from '../ui/lobby-view';
import { RecordingsView } from '../ui/recordings-view';
import type { ClientErrorKind } from './describe-error';
import { copyText, inviteUrl } from './invite-link';
import { loadPlayerName, savePlayerName } from './player-name';
import type { Screen } from './screen-machine';

/** What the front page needs from the app: the connection, the join, the error screen. */
export interface FrontPageHost {
  readonly storage: Storage | undefined;
  /** A name from the page's room link: it replaces the remembered one. */
  readonly linkName?: string | undefined;
  readonly send: (message: ClientMessage) => void;
  readonly isConnected: () => boolean;
  /** The lobby shows (not an error over it, not a join on its way). */
  readonly isInLobby: () => boolean;
  /** Join a room (Play joins `any`); `transport` "datagram": one created from the lobby with datagrams. */
  readonly join: (roomId: string, transport?: TransportName) => void;
  readonly showError: (code: ErrorCode | ClientErrorKind, message: string) => void;
}

/**
 * The player's front page and what it does: the name, Play, the live room list with Join and
 * Invite, the custom room section (POST /api/rooms, then a join), the recordings (POST
 * /api/replays, then a join), invite links, and lobby chat.
 */
export class FrontPage {
  readonly chat = new ChatPanel('Say something to the lobby', false);
  readonly recordings: RecordingsView;
  private readonly view: LobbyView;
  private readonly invitePanel = new InvitePanel();
  private name: string;

  constructor(private readonly host: FrontPageHost) {
    const fromLink = host.linkName === undefined ? undefined : savePlayerName(host.storage, host.linkName);
    this.name = fromLink ?? loadPlayerName(host.storage);
    this.recordings = new RecordingsView({
      onWatch: (recording) => void this.watchRecording(recording),
      onReplayRooms: (rooms) => this.view.markReplays(rooms),
    });
    this.view = new LobbyView(
      this.name,
      this.chat,
      {
        onNameChange: (name) => this.changeName(name),
        onQuickPlay: () => host.join('any'),
        onJoin: (roomId) => host.join(roomId),
        onCreate: (request) => void this.createAndJoin(request),
        onInvite: (roomId) => void this.invite(roomId),
      },
      this.recordings.element,
    );
    this.chat.onSend((text) => host.send({ type: 'chat', text }));
  }

  get playerName(): string {
    return this.name;
  }

  /** The views to put on the page: the lobby, and the invite panel (over the game too). */
  get elements(): readonly HTMLElement[] {
    return [this.view.element, this.invitePanel.element];
  }

  /** The part of a screen change that is the front page's. */
  show(screen: Screen, isInArena: boolean): void {
    if (isInArena) this.view.hide();
    else this.view.show();
    this.view.setBusy(screen === 'joining');
    this.recordings.setEnabled(this.host.isConnected() && screen !== 'joining');
    this.recordings.setLive(screen === 'lobby');
    if (screen === 'lobby') {
      this.watchLobby();
      void this.recordings.refresh();
      this.view.focusName();
    }
  }

  setStatus(text: string, isOnline: boolean): void {
    this.view.setStatus(text, isOnline);
    this.recordings.setEnabled(isOnline);
  }

  /** The pushed room list; a recorded room may have started, so the recordings are fetched soon. */
  setRooms(rooms: readonly RoomSummary[], total: number | undefined): void {
    this.view.setRooms(rooms, total);
    if (this.host.isInLobby()) this.recordings.refreshSoon();
  }

  /** Takes a name (a room link's); an unusable one is ignored. */
  changeName(name: string): void {
    const saved = savePlayerName(this.host.storage, name);
    if (saved === undefined) return;
    this.name = saved;
    if (this.host.isInLobby()) this.watchLobby();
  }

  /** The server answers with the room list and the recent lobby chat, which replaces what is shown. */
  watchLobby(): void {
    this.chat.clear();
    this.host.send({ type: 'lobby', watch: true, name: this.name });
  }

  /** Copies the room's absolute link, or shows it to copy by hand (no clipboard on plain http). */
  async invite(roomId: string): Promise<void> {
    const url = inviteUrl(roomId, window.location.origin);
    const clipboard: Clipboard | undefined = navigator.clipboard;
    this.invitePanel.show(url, await copyText(url, clipboard));
  }

  private async createAndJoin(request: CreateRoomRequest): Promise<void> {
    this.view.setBusy(true);
    const created = await createRoom(request);
    this.view.setBusy(false);
    if (!created.ok) {
      this.host.showError(created.code === 'NETWORK' ? 'UNREACHABLE' : created.code, created.message);
      return;
    }
    this.host.join(created.room.id, request.transport);
  }

  /** Opens a replay room for a recording and joins it as a spectator. */
  private async watchRecording(recording: string): Promise<void> {
    if (!this.host.isConnected() || !this.host.isInLobby()) return;
    this.view.setBusy(true);
    this.recordings.setEnabled(false);
    const created = await createReplay(recording);
    this.view.setBusy(false);
    this.recordings.setEnabled(this.host.isConnected());
    if (!created.ok) {
      this.host.showError(created.code === 'NETWORK' ? 'UNREACHABLE' : created.code, created.message);
      return;
    }
    this.host.join(created.value);
  }
}

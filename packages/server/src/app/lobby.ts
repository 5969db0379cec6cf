import { encodeServerMessage } from '@arena/protocol';
import type { RoomDirectory } from '../rooms/room-directory';
import { LOBBY_ROOMS_MAX, lobbyRooms } from '../rooms/room-page';

/** Anything in the lobby that can be sent to: a player session between rooms. */
export interface LobbyWatcher {
  send(bytes: Uint8Array): void;
}

/** Where lobby chat goes beyond this process (the other nodes of a cluster). */
export interface LobbyRelay {
  chat(name: string, text: string): void;
}

/** The room list is pushed at most this often, so a burst of joins costs one message. */
export const ROOM_LIST_THROTTLE_MS = 200;

/** Lobby chat lines a newcomer is shown: the last ones, so that the lobby never looks dead to whoever just arrived. */
export const LOBBY_CHAT_HISTORY = 20;

/**
 * The lobby: sockets that watch the room list (pushed whenever it changes, throttled) and talk
 * in lobby chat. Rooms report changes through `roomsChanged`. The pushed list is bounded: at most
 * LOBBY_ROOMS_MAX rooms, those a player can join first (room-page.ts), with the total beside them.
 */
export class Lobby {
  private readonly watchers = new Set<LobbyWatcher>();
  private pushTimer: NodeJS.Timeout | undefined;
  /** The last LOBBY_CHAT_HISTORY lines, encoded, oldest first. */
  private readonly recentChat: Uint8Array[] = [];

  constructor(
    private readonly directory: RoomDirectory,
    private readonly relay?: LobbyRelay,
  ) {}

  get watcherCount(): number {
    return this.watchers.size;
  }

  /**
   * Starts pushing the room list to `watcher`, beginning with the current one, then the recent
   * lobby chat (again on every watch: the client clears its lobby chat when it asks).
   */
  watch(watcher: LobbyWatcher): void {
    this.watchers.add(watcher);
    watcher.send(this.roomListBytes());
    for (const line of this.recentChat) watcher.send(line);
  }

  unwatch(watcher: LobbyWatcher): void {
    this.watchers.delete(watcher);
  }

  isWatching(watcher: LobbyWatcher): boolean {
    return this.watchers.has(watcher);
  }

  /** A room appeared, closed, or its player count changed. */
  roomsChanged(): void {
    if (this.pushTimer !== undefined || this.watchers.size === 0) return;
    this.pushTimer = setTimeout(() => {
      this.pushTimer = undefined;
      this.broadcast(this.roomListBytes());
    }, ROOM_LIST_THROTTLE_MS);
    this.pushTimer.unref();
  }

  /** A lobby chat line from a watcher here (also relayed to other nodes), or relayed from another node. */
  chat(name: string, text: string, { isRelayed = false } = {}): void {
    const line = encodeServerMessage({ type: 'chatLine', fromId: 0, name, text, scope: 'lobby' });
    this.recentChat.push(line);
    if (this.recentChat.length > LOBBY_CHAT_HISTORY) this.recentChat.shift();
    this.broadcast(line);
    if (!isRelayed) this.relay?.chat(name, text);
  }

  notice(text: string, level: 'info' | 'warn'): void {
    this.broadcast(encodeServerMessage({ type: 'notice', text, level }));
  }

  close(): void {
    clearTimeout(this.pushTimer);
    this.pushTimer = undefined;
    this.watchers.clear();
  }

  private roomListBytes(): Uint8Array {
    const all = this.directory.list();
    return encodeServerMessage({
      type: 'roomList',
      rooms: lobbyRooms(all, LOBBY_ROOMS_MAX),
      total: all.length,
    });
  }

  private broadcast(bytes: Uint8Array): void {
    for (const watcher of this.watchers) watcher.send(bytes);
  }
}

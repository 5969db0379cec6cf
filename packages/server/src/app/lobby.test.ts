import { decodeServerMessage } from '@arena/protocol';
import { expect, test } from 'vitest';
import type { RoomDirectory } from '../rooms/room-directory';
import { LOBBY_CHAT_HISTORY, Lobby, type LobbyWatcher } from './lobby';

class Watcher implements LobbyWatcher {
  readonly received: string[] = [];
  send(bytes: Uint8Array): void {
    const decoded = decodeServerMessage(bytes);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const message = decoded.value;
    this.received.push(message.type === 'chatLine' ? `${message.name}: ${message.text}` : message.type);
  }
}

const directory = { list: () => [] } as unknown as RoomDirectory;

test('a newcomer to the lobby is shown the recent lobby chat after the room list, the last lines only, oldest first', () => {
  const lobby = new Lobby(directory);
  const early = new Watcher();
  lobby.watch(early);
  for (let i = 1; i <= LOBBY_CHAT_HISTORY + 5; i++) lobby.chat('ann', `line ${i}`);
  lobby.chat('bob', 'from another node', { isRelayed: true });
  const newcomer = new Watcher();
  lobby.watch(newcomer);
  const expected = Array.from({ length: LOBBY_CHAT_HISTORY - 1 }, (_, i) => `ann: line ${i + 7}`);
  expect(newcomer.received).toEqual(['roomList', ...expected, 'bob: from another node']);
  // whoever was there saw every line as it came, once
  expect(early.received.filter((line) => line.startsWith('ann:'))).toHaveLength(LOBBY_CHAT_HISTORY + 5);
});

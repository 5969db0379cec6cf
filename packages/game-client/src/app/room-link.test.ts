import { expect, test } from 'vitest';
import { readRoomLink, roomLinkUrl } from './room-link';

test('a redirect link opens the other node at the room, with the name, keeping other settings', () => {
  const url = roomLinkUrl('http://10.0.0.7:3001', { roomId: 'duel-1', name: 'Zoë' }, '?netgraph=1&room=old');
  expect(url).toBe('http://10.0.0.7:3001/?netgraph=1&room=duel-1&name=Zo%C3%AB');
  expect(readRoomLink(new URL(url).search)).toEqual({ roomId: 'duel-1', name: 'Zoë' });
});

test('no room in the query is no link', () => {
  expect(readRoomLink('?netgraph=1')).toBeUndefined();
  expect(readRoomLink('?room=')).toBeUndefined();
  expect(readRoomLink('?room=abc')).toEqual({ roomId: 'abc' });
});

test("behind a proxy, the node named in the other node's public URL wins over the current page's", () => {
  const url = roomLinkUrl(
    'https://play.example/?node=node-2',
    { roomId: 'duel-1' },
    '?node=node-1&netgraph=1',
  );
  expect(url).toBe('https://play.example/?node=node-2&netgraph=1&room=duel-1');
});

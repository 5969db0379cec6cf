import { describe, expect, test } from 'vitest';
import { checkRoomLink, readRoomLink, roomLinkUrl, withoutRoomLink } from './room-link';

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

describe('checkRoomLink', () => {
  test('a room id no room can have opens the lobby, says why in words, and leaves the address', () => {
    const checked = checkRoomLink(readRoomLink('?room=Bad%20Room!&name=Ivy'));
    expect(checked.link).toBeUndefined();
    expect(checked.dropFromAddress).toBe(true);
    expect(checked.notices).toEqual([
      expect.stringMatching(/^The link names the room "Bad Room!", which no room can be called/),
    ]);
    expect(withoutRoomLink('http://h/?room=Bad%20Room!&name=Ivy&netgraph=1')).toBe('http://h/?netgraph=1');
  });

  test('a name longer than the server takes is cut to 16 characters, and the player is told', () => {
    const checked = checkRoomLink({ roomId: 'duel', name: 'x'.repeat(300) });
    expect(checked.link).toEqual({ roomId: 'duel', name: 'x'.repeat(16) });
    expect(checked.notices).toEqual(['The name in the link was cut to 16 characters: "xxxxxxxxxxxxxxxx".']);
    expect(checked.dropFromAddress).toBe(false);
  });

  test('a name that cannot be used at all is dropped with a word; a good link passes as it is', () => {
    expect(checkRoomLink({ roomId: 'duel', name: '\u0000\u0001' })).toMatchObject({
      link: { roomId: 'duel' },
      notices: [expect.stringMatching(/cannot be used/)],
    });
    expect(checkRoomLink({ roomId: 'Duel-1', name: 'Zoë' })).toEqual({
      link: { roomId: 'duel-1', name: 'Zoë' },
      notices: [],
      dropFromAddress: false,
    });
    expect(checkRoomLink(undefined)).toEqual({ link: undefined, notices: [], dropFromAddress: false });
  });
});

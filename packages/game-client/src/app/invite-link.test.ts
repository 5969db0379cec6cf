import { describe, expect, test } from 'vitest';
import { copyText, inviteUrl } from './invite-link';

describe('invite links', () => {
  test('an invite is the absolute address of the game with the room in its query', () => {
    expect(inviteUrl('duel-1', 'http://play.example:3000')).toBe('http://play.example:3000/?room=duel-1');
  });

  test('a room id is escaped in the link', () => {
    expect(new URL(inviteUrl('a&b c', 'https://play.example')).searchParams.get('room')).toBe('a&b c');
  });

  test('a clipboard that takes the text: copied', async () => {
    const written: string[] = [];
    const clipboard = { writeText: async (text: string) => void written.push(text) };
    expect(await copyText('http://x/?room=r', clipboard)).toBe('copied');
    expect(written).toEqual(['http://x/?room=r']);
  });

  test('no clipboard (plain http) or a refused write: copied by hand', async () => {
    expect(await copyText('t', undefined)).toBe('by-hand');
    const refusing = { writeText: () => Promise.reject(new DOMException('denied', 'NotAllowedError')) };
    expect(await copyText('t', refusing)).toBe('by-hand');
  });
});

import { roomLinkUrl } from './room-link';

/** The absolute address that opens the game in `roomId` (`/?room=<id>`), on the page's origin. */
export function inviteUrl(roomId: string, origin: string): string {
  return roomLinkUrl(`${origin}/`, { roomId });
}

/** How a copy went: on the clipboard, or left for the player to copy by hand. */
export type CopyOutcome = 'copied' | 'by-hand';

/**
 * Puts `text` on the clipboard. The Clipboard API exists only in secure contexts (https, or
 * localhost): a game served over plain http on a LAN has none, and a browser may refuse the
 * write; either way the caller shows the text to copy by hand.
 */
export async function copyText(
  text: string,
  clipboard: Pick<Clipboard, 'writeText'> | undefined,
): Promise<CopyOutcome> {
  if (clipboard === undefined) return 'by-hand';
  try {
    await clipboard.writeText(text);
    return 'copied';
  } catch {
    return 'by-hand';
  }
}

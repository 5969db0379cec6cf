import {
  ANY_ROOM,
  PLAYER_NAME_MAX_CHARS,
  ROOM_ID_MAX_CHARS,
  ROOM_ID_PATTERN,
  sanitizePlayerName,
} from '@arena/protocol';

/**
 * Links that open the game straight into a room: `?room=<id>&name=<name>`. A clustered server
 * sends the browser to the node that hosts a room this way (its page, its origin, its socket).
 */
export interface RoomLink {
  readonly roomId: string;
  /** The player's name, carried along: another node's page has its own storage. */
  readonly name?: string;
}

/** A room link as the page may use it, and what the player must be told about what was changed or refused. */
export interface CheckedRoomLink {
  /** Undefined when the link names no usable room: the lobby opens instead. */
  readonly link: RoomLink | undefined;
  /** Sentences for the player, one per problem (empty when the link was used as it is). */
  readonly notices: readonly string[];
  /** Whether the address should lose its room link (it was refused), so a reload does not repeat it. */
  readonly dropFromAddress: boolean;
}

/**
 * Checks a room link before anything is sent: a room id the server would refuse opens the lobby
 * with a sentence saying why (instead of a join that never gets an answer the page shows), and a
 * name that is too long is cut to the longest the server takes, saying so.
 */
export function checkRoomLink(link: RoomLink | undefined): CheckedRoomLink {
  if (link === undefined) return { link: undefined, notices: [], dropFromAddress: false };
  const notices: string[] = [];
  let name = link.name;
  if (name !== undefined && !sanitizePlayerName(name).ok) {
    const cut = [...name.normalize('NFC').trim().replace(/\s+/gu, ' ')]
      .slice(0, PLAYER_NAME_MAX_CHARS)
      .join('')
      .trim();
    if (sanitizePlayerName(cut).ok) {
      notices.push(`The name in the link was cut to ${PLAYER_NAME_MAX_CHARS} characters: "${cut}".`);
      name = cut;
    } else {
      notices.push(
        'The name in the link cannot be used (it is empty or has characters a name may not have); your own name is kept.',
      );
      name = undefined;
    }
  }
  const roomId = link.roomId.trim().toLowerCase();
  if (roomId !== ANY_ROOM && !ROOM_ID_PATTERN.test(roomId)) {
    const shown = link.roomId.length > 40 ? `${link.roomId.slice(0, 40)}…` : link.roomId;
    notices.push(
      `The link names the room "${shown}", which no room can be called (lower-case letters, digits and dashes, up to ${ROOM_ID_MAX_CHARS}): pick a room below.`,
    );
    return { link: undefined, notices, dropFromAddress: true };
  }
  return { link: name === undefined ? { roomId } : { roomId, name }, notices, dropFromAddress: false };
}

/** The page's address without its room link (`room` and `name`), other settings kept. */
export function withoutRoomLink(href: string): string {
  const url = new URL(href);
  url.searchParams.delete('room');
  url.searchParams.delete('name');
  return url.toString();
}

/** The room link in a page's query string, if any. */
export function readRoomLink(search: string): RoomLink | undefined {
  const params = new URLSearchParams(search);
  const roomId = params.get('room');
  if (roomId === null || roomId === '') return undefined;
  const name = params.get('name');
  return name === null || name === '' ? { roomId } : { roomId, name };
}

/**
 * The address of the game on `baseUrl` that joins `roomId` on load, keeping other URL settings
 * (`keep`, the current page's query). Parameters of `baseUrl` itself win over kept ones: behind a
 * proxy a node's public URL may name the node, e.g. `https://play.example/?node=node-2`
 * (deploy/haproxy.cfg routes on it).
 */
export function roomLinkUrl(baseUrl: string, link: RoomLink, keep: string = ''): string {
  const base = new URL(baseUrl);
  const target = new URL('/', base);
  const params = new URLSearchParams(keep);
  for (const [key, value] of base.searchParams) params.set(key, value);
  params.set('room', link.roomId);
  if (link.name !== undefined) params.set('name', link.name);
  target.search = params.toString();
  return target.toString();
}

/**
 * Links that open the game straight into a room: `?room=<id>&name=<name>`. A clustered server
 * sends the browser to the node that hosts a room this way (its page, its origin, its socket).
 */
export interface RoomLink {
  readonly roomId: string;
  /** The player's name, carried along: another node's page has its own storage. */
  readonly name?: string;
}

/** The room link in a page's query string, if any. */
export function readRoomLink(search: string): RoomLink | undefined {
  const params = new URLSearchParams(search);
  const roomId = params.get('room');
  if (roomId === null || roomId === '') return undefined;
  const name = params.get('name');
  return name === null || name === '' ? { roomId } : { roomId, name };
}

/** The address of the game on `baseUrl` that joins `roomId` on load, keeping other URL settings. */
export function roomLinkUrl(baseUrl: string, link: RoomLink, keep: string = ''): string {
  const target = new URL('/', baseUrl);
  const params = new URLSearchParams(keep);
  params.set('room', link.roomId);
  if (link.name !== undefined) params.set('name', link.name);
  target.search = params.toString();
  return target.toString();
}

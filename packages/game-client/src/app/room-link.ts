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

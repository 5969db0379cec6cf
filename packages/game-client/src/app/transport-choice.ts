import { TRANSPORT_NAMES, type TransportName } from '@arena/protocol';

/**
 * How the page wants its snapshots and inputs to travel: `auto` offers a datagram channel in
 * every room and stays quiet when the room has none; `datagram` offers and says so when the room
 * has none; `websocket` never offers.
 */
export type TransportChoice = 'auto' | TransportName;

/** The page's `?transport=` and `?blockDatagrams=1` (a test hook: the channel never opens), read once. */
export interface PageTransport {
  readonly choice: TransportChoice;
  readonly isBlocked: boolean;
  /** What was wrong with `?transport=`, for the player. */
  readonly notice: string | undefined;
}

/** Reads the page's transport parameters; a bad `?transport=` is told and means the WebSocket. */
export function readTransportChoice(search: string): PageTransport {
  const params = new URLSearchParams(search);
  const isBlocked = params.get('blockDatagrams') === '1';
  const value = params.get('transport');
  if (value === null || value === '') return { choice: 'auto', isBlocked, notice: undefined };
  if ((TRANSPORT_NAMES as readonly string[]).includes(value)) {
    return { choice: value as TransportName, isBlocked, notice: undefined };
  }
  return {
    choice: 'websocket',
    isBlocked,
    notice: `The page's transport "${value.slice(0, 40)}" is not one of ${TRANSPORT_NAMES.join(', ')}: playing over the WebSocket.`,
  };
}

/** Whether to offer a datagram channel in a room, and whether the player asked for one there. */
export function datagramWish(
  choice: TransportChoice,
  isChosenInLobby: boolean,
): { readonly isWanted: boolean; readonly isAsked: boolean } {
  const isAsked = choice === 'datagram' || isChosenInLobby;
  return { isWanted: isAsked || choice === 'auto', isAsked };
}

import { TRANSPORT_NAMES, type TransportName } from '@arena/protocol';

/**
 * How the page wants its snapshots and inputs to travel: `auto` offers a datagram channel in
 * every room and stays quiet when the room has none; `datagram` offers and says so when the room
 * has none; `websocket` never offers.
 */
export type TransportChoice = 'auto' | TransportName;

/** Bounds of `?datagramOpenMs=`, ms: a value outside them is ignored. */
export const DATAGRAM_OPEN_MS_RANGE = { min: 1000, max: 120_000 } as const;

/**
 * The page's `?transport=`, and two test hooks: `?blockDatagrams=1` (the channel never opens) and
 * `?datagramOpenMs=N` (how long the channel may take to open before the page gives up on it,
 * instead of CLIENT_DATAGRAM_OPEN_TIMEOUT_MS: browser tests on a loaded machine). Read once.
 */
export interface PageTransport {
  readonly choice: TransportChoice;
  readonly isBlocked: boolean;
  readonly openTimeoutMs?: number;
  /** What was wrong with `?transport=`, for the player. */
  readonly notice: string | undefined;
}

/** Reads the page's transport parameters; a bad `?transport=` is told and means the WebSocket. */
export function readTransportChoice(search: string): PageTransport {
  const params = new URLSearchParams(search);
  const isBlocked = params.get('blockDatagrams') === '1';
  const openMs = Number(params.get('datagramOpenMs') ?? Number.NaN);
  const hooks = {
    isBlocked,
    ...(Number.isInteger(openMs) &&
    openMs >= DATAGRAM_OPEN_MS_RANGE.min &&
    openMs <= DATAGRAM_OPEN_MS_RANGE.max
      ? { openTimeoutMs: openMs }
      : {}),
  };
  const value = params.get('transport');
  if (value === null || value === '') return { choice: 'auto', ...hooks, notice: undefined };
  if ((TRANSPORT_NAMES as readonly string[]).includes(value)) {
    return { choice: value as TransportName, ...hooks, notice: undefined };
  }
  return {
    choice: 'websocket',
    ...hooks,
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

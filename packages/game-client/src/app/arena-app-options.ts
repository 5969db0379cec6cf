import type { RoomSessionOptions } from '../game/room-session';
import type { KeyboardState } from '../input/keyboard-state';
import type { RoomLink } from './room-link';
import type { RefusalPolicy } from './screen-machine';
import type { SeatStorage } from './seat-memory';
import type { PageTransport } from './transport-choice';

/** What the page gives the game (main.ts reads the URL and the storages once). */
export interface ArenaAppOptions {
  /** Page elements: the Phaser canvas' parent and the HTML UI layer. */
  readonly gameParent: HTMLElement;
  readonly uiRoot: HTMLElement;
  readonly keyboard: KeyboardState;
  readonly storage: Storage | undefined;
  /** The tab's own storage (sessionStorage): where the current seat is remembered across a reload. */
  readonly tabStorage?: SeatStorage | undefined;
  /** Interpolation delay override, ms (URL `?interpMs=`); default two snapshot periods. */
  readonly interpDelayMs?: number;
  /** When inputs leave (URL `?inputs=aligned`); default with the frames (RoomSessionOptions). */
  readonly inputTiming?: 'aligned' | 'frame';
  readonly showNetGraph?: boolean;
  /** `?transport=` (and the `?blockDatagrams=1` test hook); default: offer a datagram channel quietly. */
  readonly transport?: PageTransport;
  /** Join this room as soon as connected (a `?room=` link, e.g. from another node's redirect). */
  readonly roomLink?: RoomLink;
  /** Told to the player at start: what was wrong with the page's room link (checkRoomLink). */
  readonly linkNotices?: readonly string[];
  /** Opens another page (a redirect to the node that hosts a room); default: the browser's location. */
  readonly navigate?: (url: string) => void;
  /** A screen change the state machine does not allow: thrown in development. @default 'warn' */
  readonly screenPolicy?: RefusalPolicy;
}

/** The page's overrides of a room session's defaults (interpolation delay, input timing). */
export function roomSessionOptions(options: ArenaAppOptions): RoomSessionOptions {
  return {
    ...(options.interpDelayMs === undefined ? {} : { interpDelayMs: options.interpDelayMs }),
    ...(options.inputTiming === undefined ? {} : { inputTiming: options.inputTiming }),
  };
}

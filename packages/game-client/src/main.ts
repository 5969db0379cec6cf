import './styles.css';
import { PROTOCOL_VERSION } from '@arena/protocol';
import { ArenaApp } from './app/arena-app';
import { checkRoomLink, type RoomLink, readRoomLink, withoutRoomLink } from './app/room-link';
import { installTestHook } from './app/test-hook';
import { readTransportChoice } from './app/transport-choice';
import { KeyboardState } from './input/keyboard-state';

const gameParent = document.querySelector<HTMLElement>('#game');
const uiRoot = document.querySelector<HTMLElement>('#ui');
if (gameParent === null || uiRoot === null) throw new Error('index.html must have #game and #ui');

// Tuning from the URL, for experiments: ?interpMs=120 (interpolation delay), ?netgraph=1; and
// ?room=<id>&name=<name> joins a room at once (links, and redirects between cluster nodes);
// ?transport=datagram|websocket chooses how snapshots and inputs travel (default: datagrams where offered).
const params = new URLSearchParams(window.location.search);
const interpMs = Number(params.get('interpMs'));

const keyboard = new KeyboardState();
keyboard.attach(window);
// A refused room link opens the lobby with a sentence saying why, and leaves the address, so a
// reload does not repeat it.
const roomLink = checkRoomLink(readRoomLink(window.location.search));
const transport = readTransportChoice(window.location.search);
if (roomLink.dropFromAddress) window.history.replaceState(null, '', withoutRoomLink(window.location.href));
const app = new ArenaApp({
  gameParent,
  uiRoot,
  keyboard,
  storage: safeLocalStorage(),
  tabStorage: safeSessionStorage(),
  ...(Number.isFinite(interpMs) && interpMs > 0 ? { interpDelayMs: interpMs } : {}),
  showNetGraph: params.get('netgraph') === '1',
  // `?inputs=aligned` sends each input just before the server's tick instead of with the frames
  inputTiming: params.get('inputs') === 'aligned' ? 'aligned' : 'frame',
  ...withRoomLink(roomLink.link),
  transport,
  linkNotices: transport.notice === undefined ? roomLink.notices : [...roomLink.notices, transport.notice],
  // a screen change the state machine does not know is a bug: loud while developing
  screenPolicy: import.meta.env.DEV ? 'throw' : 'warn',
});
installTestHook(window, app, PROTOCOL_VERSION);

/** sessionStorage, or undefined where touching it throws. */
function safeSessionStorage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}

/** localStorage, or undefined where touching it throws (some privacy modes). */
function safeLocalStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

function withRoomLink(link: RoomLink | undefined): { roomLink?: RoomLink } {
  return link === undefined ? {} : { roomLink: link };
}

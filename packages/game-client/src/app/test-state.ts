import type { NetMetric } from '@arena/netcode';
import type { ByteAttribution, ErrorCode, Rect, RoomSummary } from '@arena/protocol';
import type { FrameState, RoomSession } from '../game/room-session';
import { standings } from '../game/standings';
import type { TransportState } from '../net/datagram-path';
import type { ReplayTestState } from './replay-viewer';
import { coarseScreen, type Screen } from './screen-machine';

/** Chat lines and notices the test hook remembers. */
export const CHAT_HISTORY_FOR_HOOK = 50;

/** A player as the test hook reports it: where this client draws it. */
export interface TestPlayer {
  readonly id: number;
  readonly name: string;
  readonly x: number;
  readonly y: number;
  readonly angle: number;
  readonly hp: number;
  readonly score: number;
  readonly isSelf: boolean;
  /** Drawn with the spawn-protection ring. */
  readonly isProtected: boolean;
  /** A server bot. */
  readonly isBot: boolean;
}

/**
 * What `window.__arena.state()` returns: a plain, JSON-safe copy of the client's state, read by
 * the end-to-end test (and handy in the devtools console). Documented in docs/game-client.md.
 */
export interface ArenaTestState {
  /** The screen in four coarse names (`arena` for every screen in a room); see `screenState`. */
  readonly screen: 'connecting' | 'lobby' | 'joining' | 'arena';
  /** The screen state machine's state (app/screen-machine.ts). */
  readonly screenState: Screen;
  readonly connection: 'connecting' | 'connected' | 'disconnected' | 'unreachable';
  readonly playerName: string;
  readonly rooms: readonly RoomSummary[];
  readonly roomId: string | null;
  readonly playerId: number | null;
  readonly arena: { readonly width: number; readonly height: number; readonly walls: readonly Rect[] } | null;
  /** The own player as drawn (predicted), null before the first snapshot. */
  readonly self: TestPlayer | null;
  /** Everyone as drawn this frame: the own player predicted, the others interpolated. */
  readonly players: readonly TestPlayer[];
  readonly projectiles: number;
  readonly respawnInMs: number | null;
  readonly renderTick: number | null;
  /** Lead of tick-aligned inputs before the server's tick, ms; null with frame timing or no room. */
  readonly inputLeadMs: number | null;
  readonly framesDrawn: number;
  readonly killFeed: readonly { readonly killer: string; readonly victim: string }[];
  readonly lastError: { readonly code: ErrorCode; readonly message: string } | null;
  readonly isErrorShown: boolean;
  readonly notices: readonly string[];
  readonly chat: readonly { readonly scope: string; readonly name: string; readonly text: string }[];
  readonly net: Readonly<Record<NetMetric | 'smoothedRttMs' | 'serverClockOffsetMs', number>>;
  /** The replay being watched (playerId is 0 then), or null. */
  readonly replay: ReplayTestState | null;
  /** The on-screen top three, best first. */
  readonly leaders: readonly {
    readonly rank: number;
    readonly name: string;
    readonly score: number;
    readonly isSelf: boolean;
  }[];
  /** The own rank when not in the top three ("#5 of 9"), else null. */
  readonly ownRank: { readonly rank: number; readonly of: number } | null;
  /** Sounds muted (the M key, the Sound button). */
  readonly isMuted: boolean;
  /** Own shots that landed (a hit marker each) since the page loaded. */
  readonly hitsLanded: number;
  /** The room's snapshot byte attribution as the net graph shows it (polled while the graph is open). */
  readonly byteAttribution: {
    readonly strategy: string;
    readonly totalBytes: number;
    readonly shares: readonly { readonly field: string; readonly share: number }[];
  } | null;
  /**
   * The path snapshots and inputs take in this room ("datagram" while the channel is open), why
   * the datagram channel is not used, and its snapshot loss (docs/netcode.md "Datagrams").
   */
  readonly transport: TransportState;
}

export interface TestStateSources {
  readonly screen: Screen;
  readonly connection: ArenaTestState['connection'];
  readonly playerName: string;
  readonly rooms: readonly RoomSummary[];
  readonly session: RoomSession | undefined;
  readonly frame: FrameState | undefined;
  readonly framesDrawn: number;
  readonly lastError: { readonly code: ErrorCode; readonly message: string } | undefined;
  readonly isErrorShown: boolean;
  readonly notices: readonly string[];
  readonly chat: ArenaTestState['chat'];
  readonly net: ArenaTestState['net'];
  readonly replay: ReplayTestState | null;
  readonly byteAttribution: ByteAttribution | undefined;
  readonly isMuted: boolean;
  readonly hitsLanded: number;
  readonly transport: TransportState;
}

/** Copies the app's state into the hook's plain shape. */
export function snapshotTestState(sources: TestStateSources): ArenaTestState {
  const { session, frame } = sources;
  const toTestPlayer = (player: FrameState['players'][number]): TestPlayer => ({
    id: player.id,
    name: player.name,
    x: player.x,
    y: player.y,
    angle: player.angle,
    hp: player.hp,
    score: player.score,
    isSelf: player.isSelf,
    isProtected: player.shield > 0 && player.hp > 0,
    isBot: session?.isBot(player.id) ?? false,
  });
  const board = session === undefined ? undefined : standings(session.scoreboard());
  return {
    screen: coarseScreen(sources.screen, sources.connection === 'connected'),
    screenState: sources.screen,
    connection: sources.connection,
    playerName: sources.playerName,
    rooms: [...sources.rooms],
    roomId: session?.roomId ?? null,
    playerId: session?.playerId ?? null,
    arena:
      session === undefined
        ? null
        : { width: session.map.width, height: session.map.height, walls: [...session.map.walls] },
    self: frame?.self === undefined ? null : toTestPlayer(frame.self),
    players: frame?.players.map(toTestPlayer) ?? [],
    projectiles: frame?.projectiles.length ?? 0,
    respawnInMs: frame?.respawnInMs ?? null,
    renderTick: frame?.renderTick ?? null,
    inputLeadMs: session?.inputLeadMs ?? null,
    framesDrawn: sources.framesDrawn,
    killFeed:
      session?.killFeed.map((entry) => ({ killer: entry.killerName, victim: entry.victimName })) ?? [],
    lastError:
      sources.lastError === undefined
        ? null
        : { code: sources.lastError.code, message: sources.lastError.message },
    isErrorShown: sources.isErrorShown,
    notices: [...sources.notices],
    chat: [...sources.chat],
    net: { ...sources.net },
    replay: sources.replay === null ? null : { ...sources.replay },
    leaders: board?.top.map(({ rank, name, score, isSelf }) => ({ rank, name, score, isSelf })) ?? [],
    ownRank: board?.self === undefined ? null : { rank: board.self.rank, of: board.of },
    isMuted: sources.isMuted,
    hitsLanded: sources.hitsLanded,
    transport: { ...sources.transport },
    byteAttribution:
      sources.byteAttribution === undefined
        ? null
        : {
            strategy: sources.byteAttribution.strategy,
            totalBytes: sources.byteAttribution.totalBytes,
            shares: sources.byteAttribution.shares.map(({ field, share }) => ({ field, share })),
          },
  };
}

import { NetStats, ServerClock } from '@arena/netcode';
import { type PlayerView, PROTOCOL_VERSION, SNAPSHOT_STRATEGIES, type WelcomeMessage } from '@arena/protocol';
import { expect, test } from 'vitest';
import { RoomSession } from './room-session';

const WELCOME: WelcomeMessage = {
  type: 'welcome',
  protocolVersion: PROTOCOL_VERSION,
  playerId: 1,
  roomId: 'test',
  tickRateHz: 60,
  snapshotRateHz: 60,
  strategy: 'full',
  mode: 'arena',
  arenaWidth: 2000,
  arenaHeight: 2000,
  walls: [],
  serverTimeMs: 0,
  tick: 0,
  players: [
    { id: 1, name: 'me' },
    { id: 2, name: 'bot Ada', bot: true },
  ],
};

const player = (id: number): PlayerView => ({ id, x: 100 * id, y: 100, angle: 0, hp: 100, score: 0 });

test('the scoreboard marks the bots of the welcome roster and of join events, and forgets them when they leave', () => {
  const session = new RoomSession(WELCOME, {
    send: () => {},
    stats: new NetStats(),
    clock: new ServerClock(),
  });
  const encoder = SNAPSHOT_STRATEGIES.get('full')!.createEncoder();
  const snapshot = (tick: number, players: PlayerView[]) => {
    encoder.beginSnapshot({ tick, players, projectiles: [] });
    const body = encoder.bodyFor({ playerId: 1, baselineTick: session.lastSnapshotTick });
    session.onSnapshot({ type: 'snapshot', tick, ackSeq: 0, body }, body.length, tick * 16);
  };
  session.onEvents(
    {
      type: 'events',
      tick: 1,
      events: [
        { kind: 'join', playerId: 3, name: 'bot Alan', bot: true },
        { kind: 'join', playerId: 4, name: 'zoe' },
      ],
    },
    16,
  );
  snapshot(1, [player(1), player(2), player(3), player(4)]);
  const bots = () =>
    session
      .scoreboard()
      .filter((line) => line.isBot)
      .map((line) => line.name);
  expect(bots()).toEqual(['bot Ada', 'bot Alan']);
  expect(session.isBot(1)).toBe(false);
  session.onEvents({ type: 'events', tick: 2, events: [{ kind: 'leave', playerId: 2 }] }, 32);
  snapshot(2, [player(1), player(3), player(4)]);
  expect(bots()).toEqual(['bot Alan']);
  expect(session.isBot(2)).toBe(false);
});

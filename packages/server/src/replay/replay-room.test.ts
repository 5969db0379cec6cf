import { ErrorCode, findSnapshotStrategy, type WorldView } from '@arena/protocol';
import { beforeEach, expect, test } from 'vitest';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { recordScriptedMatch } from '../testing/scripted-match';
import { readRecording } from './recording-format';
import { applyEntry, worldForRecording } from './replay-match';
import { ReplayRoom } from './replay-room';

// 1200 ticks at 60 Hz, snapshots every tick; players 1 and 2 from the start, 3 joins at 100, 2 leaves at 700
const recording = readRecording(recordScriptedMatch());
const TICK_MS = 1000 / 60;

let clock: ManualClock;
const disposed: string[] = [];

beforeEach(() => {
  clock = new ManualClock();
  disposed.length = 0;
});

function makeRoom(options: { strategy?: string; isPaused?: boolean } = {}): ReplayRoom {
  return new ReplayRoom({
    id: 'replay-test',
    recordingName: 'r.arena',
    recording,
    strategy: options.strategy ?? 'full',
    maxSpectators: 2,
    idleTimeoutMs: 5000,
    isPaused: options.isPaused ?? false,
    logger: silentLogger,
    clock,
    onDisposed: (room) => disposed.push(room.id),
  });
}

/** The recorded world at `tick`, re-simulated independently of the room. */
function recordedViewAt(tick: number): WorldView {
  const world = worldForRecording(recording);
  for (const entry of recording.entries.slice(0, tick)) applyEntry(world, entry);
  return world.view();
}

function decodeSnapshots(connection: FakeConnection, strategy = 'full'): WorldView[] {
  const decoder = findSnapshotStrategy(strategy)!.createDecoder();
  return connection.ofType('snapshot').map((snapshot) => {
    const decoded = decoder.decode(snapshot.tick, snapshot.body);
    if (!decoded.ok) throw new Error(decoded.error.message);
    return decoded.value;
  });
}

test('a spectator is welcomed as player 0 with the recording settings, then gets a keyframe', () => {
  const room = makeRoom({ isPaused: true });
  const spectator = new FakeConnection();
  expect(room.join('viewer', spectator).ok).toBe(true);
  const [welcome] = spectator.ofType('welcome');
  expect(welcome).toMatchObject({
    playerId: 0,
    roomId: 'replay-test',
    tickRateHz: 60,
    mode: 'arena',
    tick: 0,
  });
  expect(welcome!.players.map((p) => p.name)).toEqual([]);
  expect(spectator.ofType('snapshot')).toHaveLength(0); // tick 0: nobody has joined yet
  room.control({ tick: 10 });
  expect(
    spectator
      .ofType('welcome')
      .at(-1)!
      .players.map((p) => p.name),
  ).toEqual(['ann', 'ben']);
  expect(spectator.ofType('snapshot').map((snapshot) => snapshot.tick)).toEqual([10]);
  expect(room.info()).toMatchObject({
    id: 'replay-test',
    players: 1,
    replay: { totalTicks: 1200, paused: true },
  });
});

test('the replay room plays the recorded match: every tick matches its recorded state hash', () => {
  const room = makeRoom();
  const spectator = new FakeConnection();
  room.join('viewer', spectator);
  for (let i = 0; i < 1300 && room.playback().tick < 1200; i++) {
    clock.advance(TICK_MS);
    const { tick } = room.playback();
    if (tick > 0) expect(room.stateHash().slice(0, 16)).toBe(recording.entries[tick - 1]!.hash);
  }
  expect(room.playback()).toMatchObject({ tick: 1200, paused: true, divergedAtTick: null });
  // players as the spectator decodes them are the recorded ones
  const worlds = decodeSnapshots(spectator);
  const at500 = worlds.find((world) => world.tick === 500)!;
  const recorded = recordedViewAt(500);
  expect(at500.players.map((p) => p.id)).toEqual([1, 2, 3]);
  for (const [i, player] of at500.players.entries()) {
    expect(player.x).toBeCloseTo(recorded.players[i]!.x, 1);
    expect(player.y).toBeCloseTo(recorded.players[i]!.y, 1);
    expect(player.hp).toBe(recorded.players[i]!.hp);
  }
  const joins = spectator
    .ofType('events')
    .flatMap((message) => message.events.filter((e) => e.kind === 'join'));
  expect(joins.map((event) => event.kind === 'join' && event.name)).toEqual(['ann', 'ben', 'cat']);
});

test('pause stops the ticks; resume goes on from the same tick', () => {
  const room = makeRoom();
  room.join('viewer', new FakeConnection());
  clock.advance(100 * TICK_MS + 1);
  const pausedAt = room.control({ paused: true });
  expect(pausedAt.ok && pausedAt.value.paused).toBe(true);
  const tick = room.playback().tick;
  expect(tick).toBeGreaterThanOrEqual(99);
  clock.advance(5000);
  expect(room.playback().tick).toBe(tick);
  room.control({ paused: false });
  clock.advance(10 * TICK_MS + 1);
  expect(room.playback().tick).toBe(tick + 10);
});

test('seek lands on the requested tick and playback continues from there deterministically', () => {
  const room = makeRoom();
  const spectator = new FakeConnection();
  room.join('viewer', spectator);
  clock.advance(900 * TICK_MS);
  const sought = room.control({ tick: 250 });
  expect(sought.ok && sought.value.tick).toBe(250);
  expect(room.stateHash().slice(0, 16)).toBe(recording.entries[249]!.hash);
  // the spectator starts over: a welcome at tick 250 and a keyframe of tick 250
  expect(spectator.ofType('welcome').at(-1)!.tick).toBe(250);
  expect(spectator.ofType('snapshot').at(-1)!.tick).toBe(250);
  clock.advance(60 * TICK_MS + 1);
  expect(room.playback().tick).toBe(310);
  expect(room.stateHash().slice(0, 16)).toBe(recording.entries[309]!.hash);
  expect(room.playback().divergedAtTick).toBeNull();
});

test('speed changes the tick rate; the welcome gives the rates per real second, snapshots capped at 60 Hz', () => {
  const room = makeRoom({ isPaused: true });
  const spectator = new FakeConnection();
  room.join('viewer', spectator);
  room.control({ speed: 4, paused: false });
  expect(spectator.ofType('welcome').at(-1)).toMatchObject({ tickRateHz: 240, snapshotRateHz: 60 });
  const snapshotsBefore = spectator.ofType('snapshot').length;
  clock.advance(1000);
  expect(room.playback().tick).toBeGreaterThanOrEqual(239);
  expect(room.playback().tick).toBeLessThanOrEqual(240);
  expect(spectator.ofType('snapshot').length - snapshotsBefore).toBeCloseTo(60, -1);
  room.control({ speed: 0.25 });
  expect(spectator.ofType('welcome').at(-1)).toMatchObject({ tickRateHz: 15, snapshotRateHz: 15 });
});

test('a speed or tick out of range is refused and changes nothing', () => {
  const room = makeRoom({ isPaused: true });
  const tooFast = room.control({ speed: 16 });
  expect(tooFast.ok ? undefined : tooFast.error.code).toBe(ErrorCode.BAD_OPTION);
  const beyond = room.control({ tick: 1201, paused: false });
  expect(beyond.ok ? undefined : beyond.error.code).toBe(ErrorCode.BAD_OPTION);
  expect(room.playback()).toMatchObject({ tick: 0, speed: 1, paused: true });
});

test('resuming at the end starts over from tick 0', () => {
  const room = makeRoom();
  room.control({ tick: 1200 });
  clock.advance(TICK_MS * 2);
  expect(room.playback()).toMatchObject({ tick: 1200, paused: true });
  room.control({ paused: false });
  clock.advance(TICK_MS * 3 + 1);
  expect(room.playback().tick).toBe(3);
});

test('a delta strategy sends spectators keyframes they can decode from any point', () => {
  const room = makeRoom({ strategy: 'delta' });
  const spectator = new FakeConnection();
  room.join('viewer', spectator);
  clock.advance(30 * TICK_MS + 1);
  room.control({ tick: 600 });
  clock.advance(30 * TICK_MS + 1);
  const worlds = decodeSnapshots(spectator, 'delta');
  expect(worlds.at(-1)!.tick).toBe(630);
  expect(worlds.at(-1)!.players.map((p) => p.id)).toEqual([1, 2, 3]);
});

test('spectators beyond the cap are refused; chat reaches the other spectators; inputs are dropped', () => {
  const room = makeRoom({ isPaused: true });
  const a = new FakeConnection();
  const b = new FakeConnection();
  const aKey = room.join('ann', a);
  room.join('ben', b);
  const third = room.join('cat', new FakeConnection());
  expect(third.ok ? undefined : third.error.code).toBe(ErrorCode.ROOM_FULL);
  room.chat(aKey.ok ? aKey.value : 0, 'nice shot');
  expect(b.ofType('chatLine')[0]).toMatchObject({ fromId: 0, name: 'ann', text: 'nice shot' });
  expect(room.receiveInput(1, {} as never)).toBe('dropped');
});

test('the room closes after nobody watched for the idle timeout', () => {
  const room = makeRoom();
  const key = room.join('viewer', new FakeConnection());
  room.leave(key.ok ? key.value : 0);
  clock.advance(5001);
  expect(room.isClosed).toBe(true);
  expect(disposed).toEqual(['replay-test']);
});

import { beforeEach, describe, expect, test } from 'vitest';
import { parseSeatToken } from '../security/seat-token';
import { FakeConnection, silentLogger } from '../testing/fake-connection';
import { ManualClock } from '../testing/manual-clock';
import { AckWatch } from './ack-watch';
import { Room } from './room';

const TICK_RATE_HZ = 20;
const ACK_TIMEOUT_MS = 3000;

let clock: ManualClock;

/**
 * A player's transport as the session is to the room: a SLOW_CONSUMER drop disconnects it, and
 * the room hears of the disconnect (its seat waits for a rejoin).
 */
class DroppableConnection extends FakeConnection {
  readonly drops: string[] = [];
  /** Set once seated: what the session's disconnect does to the room. */
  onDropped: () => void = () => {};

  dropSlowConsumer(reason: string): void {
    this.drops.push(reason);
    this.onDropped();
  }
}

function makeRoom(ackTimeoutMs = ACK_TIMEOUT_MS): Room {
  return new Room({
    config: {
      id: 'r',
      mode: 'arena',
      tickRateHz: TICK_RATE_HZ,
      snapshotRateHz: TICK_RATE_HZ,
      maxPlayers: 4,
      seed: 1,
      strategy: 'full',
      maxRewindMs: 0,
      isRecorded: false,
    },
    inputQueueMax: 4,
    idleTimeoutMs: 60_000,
    reconnectGraceMs: 10_000,
    ackTimeoutMs,
    logger: silentLogger,
    clock,
    onDisposed: () => {},
  });
}

/** Seats a player whose drop suspends its seat, as a real session's disconnect does. */
function seat(room: Room, name: string): { id: number; connection: DroppableConnection } {
  const connection = new DroppableConnection();
  const joined = room.join(name, connection);
  if (!joined.ok) throw new Error(`join failed: ${joined.error.message}`);
  connection.onDropped = () => room.suspend(joined.value, connection);
  return { id: joined.value, connection };
}

/** The tick of the newest snapshot a connection received. */
const newestTick = (connection: FakeConnection): number => connection.ofType('snapshot').at(-1)?.tick ?? 0;

beforeEach(() => {
  clock = new ManualClock();
});

describe('AckWatch: players whose acknowledged snapshot stops advancing are dropped', () => {
  test('a player that never acknowledges is dropped with a reason once the timeout of room ticks has passed, not before, and its seat waits for a rejoin', () => {
    const room = makeRoom();
    const deaf = seat(room, 'deaf');
    clock.advance(ACK_TIMEOUT_MS - 500);
    expect(deaf.connection.drops).toEqual([]);
    clock.advance(1500); // the timeout, plus the once-a-second sweep
    expect(deaf.connection.drops).toEqual(['no snapshot acknowledged for 3 s']);
    expect(room.playerCount).toBe(1);
    expect(room.awayCount).toBe(1);
    clock.advance(5000); // a seat kept for a rejoin has nothing to drop
    expect(deaf.connection.drops).toHaveLength(1);
  });

  test('a player that stops acknowledging is dropped; acknowledging the same tick again is no progress', () => {
    const room = makeRoom();
    const player = seat(room, 'stops');
    clock.advance(1000);
    room.receiveAck(player.id, newestTick(player.connection));
    const lastAck = newestTick(player.connection);
    for (let ms = 0; ms < ACK_TIMEOUT_MS + 1500; ms += 250) {
      clock.advance(250);
      room.receiveAck(player.id, lastAck);
    }
    expect(player.connection.drops).toHaveLength(1);
  });

  test('players that acknowledge, with inputs or with acks alone once a second, are kept however long they play', () => {
    const room = makeRoom();
    const idle = seat(room, 'idle');
    const playing = seat(room, 'playing');
    let seq = 1;
    for (let ms = 0; ms < 60_000; ms += 1000) {
      for (let i = 0; i < TICK_RATE_HZ; i++) {
        clock.advance(1000 / TICK_RATE_HZ);
        room.receiveInput(playing.id, {
          type: 'input',
          seq: seq++,
          moveX: 1,
          moveY: 0,
          aim: 0,
          fire: false,
          clientTimeMs: 0,
          lastSnapshotTick: newestTick(playing.connection),
        });
      }
      room.receiveAck(idle.id, newestTick(idle.connection));
    }
    expect(idle.connection.drops).toEqual([]);
    expect(playing.connection.drops).toEqual([]);
    expect(room.awayCount).toBe(0);
  });

  test('a lower report (0, asking for a keyframe) is no progress, and the next newer one is', () => {
    const room = makeRoom();
    const player = seat(room, 'keyframes');
    clock.advance(1000);
    room.receiveAck(player.id, newestTick(player.connection));
    clock.advance(1000);
    room.receiveAck(player.id, 0);
    clock.advance(ACK_TIMEOUT_MS - 1500);
    room.receiveAck(player.id, newestTick(player.connection));
    clock.advance(ACK_TIMEOUT_MS - 1000);
    expect(player.connection.drops).toEqual([]);
    clock.advance(2000);
    expect(player.connection.drops).toHaveLength(1);
  });

  test('time is counted in room ticks: an event-loop stall longer than the timeout counts against nobody', () => {
    const room = makeRoom();
    const player = seat(room, 'stalled-server');
    clock.advance(1000);
    room.receiveAck(player.id, newestTick(player.connection));
    // the next tick takes 20 s (a stalled event loop): the loop skips the ticks it missed
    let hasStalled = false;
    const send = player.connection.send.bind(player.connection);
    player.connection.send = (bytes) => {
      if (!hasStalled) {
        hasStalled = true;
        clock.spend(20_000);
      }
      send(bytes);
    };
    clock.advance(1000);
    expect(hasStalled).toBe(true);
    expect(clock.now()).toBeGreaterThan(20_000);
    room.receiveAck(player.id, newestTick(player.connection));
    clock.advance(1000);
    expect(player.connection.drops).toEqual([]);
  });

  test('a rejoin restarts the clock: the new connection is not judged by the old one acknowledgements', () => {
    const room = makeRoom();
    const deaf = seat(room, 'comes-back');
    clock.advance(ACK_TIMEOUT_MS + 1000);
    expect(deaf.connection.drops).toHaveLength(1);
    const secret = parseSeatToken(deaf.connection.ofType('welcome').at(-1)!.seatToken!)!.secret;
    const back = new DroppableConnection();
    expect(room.resume(deaf.id, secret, back).ok).toBe(true);
    back.onDropped = () => room.suspend(deaf.id, back);
    clock.advance(ACK_TIMEOUT_MS - 1000);
    expect(back.drops).toEqual([]);
    room.receiveAck(deaf.id, newestTick(back));
    clock.advance(ACK_TIMEOUT_MS - 1000);
    expect(back.drops).toEqual([]);
    expect(room.awayCount).toBe(0);
  });

  test('0 turns the check off; a connection that cannot be dropped (a filler, a test fake) is never asked to', () => {
    const off = makeRoom(0);
    const player = seat(off, 'unwatched');
    const filler = new FakeConnection();
    const watched = makeRoom();
    watched.join('filler', filler);
    clock.advance(60_000);
    expect(player.connection.drops).toEqual([]);
    expect(watched.playerCount).toBe(1);
    expect(AckWatch.forRoom(0, TICK_RATE_HZ)).toBeUndefined();
    expect(new AckWatch(10_000, 60).timeoutTicks).toBe(600);
  });
});

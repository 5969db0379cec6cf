import { NetStats, ServerClock } from '@arena/netcode';
import {
  type ClientMessage,
  FIRE_COOLDOWN_MS,
  type InputMessage,
  type PlayerView,
  PROTOCOL_VERSION,
  RESPAWN_DELAY_MS,
  SNAPSHOT_STRATEGIES,
  type SnapshotEncoder,
  type WelcomeMessage,
} from '@arena/protocol';
import { describe, expect, test } from 'vitest';
import { type PlayerIntent, RoomSession, type RoomSessionOptions } from './room-session';

const TICK_HZ = 60;
const PERIOD_MS = 1000 / TICK_HZ;
const STILL: PlayerIntent = { moveX: 0, moveY: 0, aim: 0, fire: false };

function welcome(strategy: string): WelcomeMessage {
  return {
    type: 'welcome',
    protocolVersion: PROTOCOL_VERSION,
    playerId: 1,
    roomId: 'test',
    tickRateHz: TICK_HZ,
    snapshotRateHz: TICK_HZ,
    strategy,
    mode: 'arena',
    arenaWidth: 2000,
    arenaHeight: 2000,
    walls: [],
    serverTimeMs: 0,
    tick: 0,
    players: [
      { id: 1, name: 'me' },
      { id: 2, name: 'other' },
    ],
  };
}

function player(id: number, x: number, y: number, hp = 100): PlayerView {
  return { id, x, y, angle: 0, hp, score: 0 };
}

/** A session wired to an encoder of the same strategy, as the server would send it. */
function harness(strategy = 'full', options: RoomSessionOptions = {}) {
  const sent: ClientMessage[] = [];
  const session = new RoomSession(
    welcome(strategy),
    {
      send: (message) => sent.push(message),
      stats: new NetStats(),
      clock: new ServerClock(),
    },
    options,
  );
  const encoder: SnapshotEncoder = SNAPSHOT_STRATEGIES.get(strategy)!.createEncoder();
  const snapshot = (tick: number, ackSeq: number, players: PlayerView[], nowMs: number) => {
    encoder.beginSnapshot({ tick, players, projectiles: [] });
    const body = encoder.bodyFor({ playerId: 1, baselineTick: session.lastSnapshotTick });
    session.onSnapshot({ type: 'snapshot', tick, ackSeq, body }, body.length, nowMs);
  };
  /** Every input sent, batches unrolled, as the server will apply them. */
  const inputs = () =>
    sent.flatMap((m): InputMessage[] => {
      if (m.type === 'input') return [m];
      if (m.type !== 'inputs') return [];
      return m.inputs.map((input, i) => ({
        type: 'input',
        seq: m.firstSeq + i,
        ...input,
        clientTimeMs: m.clientTimeMs,
        lastSnapshotTick: m.lastSnapshotTick,
      }));
    });
  return { session, snapshot, inputs, sent };
}

describe('RoomSession', () => {
  test('sends nothing before the first snapshot, then one input per tick with rising seqs', () => {
    const { session, snapshot, inputs } = harness();
    session.update(0, STILL);
    expect(inputs()).toEqual([]);
    snapshot(1, 0, [player(1, 500, 500)], 0);
    for (let frame = 0; frame <= 60; frame++) session.update(frame * PERIOD_MS, STILL);
    const seqs = inputs().map((input) => input.seq);
    expect(seqs.length).toBeGreaterThanOrEqual(59);
    expect(seqs.length).toBeLessThanOrEqual(62);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect(inputs().at(-1)!.lastSnapshotTick).toBe(1);
  });

  test('with no frames (a hidden tab), snapshots are still acknowledged about once a second; a playing tab sends no acks of its own', () => {
    const { session, snapshot, sent } = harness();
    snapshot(1, 0, [player(1, 500, 500)], 0);
    for (let frame = 0; frame <= 120; frame++) session.update(frame * PERIOD_MS, STILL);
    expect(sent.filter((m) => m.type === 'ack')).toEqual([]);
    // the tab is hidden: requestAnimationFrame stops, snapshots keep arriving on the socket
    const hiddenAtMs = 121 * PERIOD_MS;
    for (let tick = 2; tick <= 300; tick++) {
      snapshot(tick, 0, [player(1, 500, 500)], hiddenAtMs + (tick - 2) * PERIOD_MS);
    }
    const acks = sent.filter((m) => m.type === 'ack');
    expect(acks.length).toBeGreaterThanOrEqual(3);
    expect(acks.length).toBeLessThanOrEqual(5);
    const ticks = acks.map((ack) => (ack.type === 'ack' ? ack.lastSnapshotTick : 0));
    expect(ticks).toEqual([...ticks].sort((a, b) => a - b)); // rising: the newest snapshot each time
    expect(ticks.at(-1)).toBeGreaterThan(300 - TICK_HZ - 2); // within the last second of snapshots
  });

  test('the own player moves at once; others are drawn from the snapshot buffer', () => {
    const { session, snapshot } = harness();
    snapshot(1, 0, [player(1, 500, 500), player(2, 100, 100)], 0);
    let frame = session.update(0, { ...STILL, moveX: 1 });
    for (let i = 1; i <= 10; i++) frame = session.update(i * PERIOD_MS, { ...STILL, moveX: 1 });
    expect(frame.self!.x).toBeGreaterThan(500 + 200 * 0.15);
    expect(frame.players.find((p) => p.id === 2)).toMatchObject({ x: 100, y: 100, name: 'other' });
  });

  test('interpolates another player between snapshots, behind the newest arrivals', () => {
    const { session, snapshot } = harness();
    for (let tick = 1; tick <= 30; tick++) {
      snapshot(tick, 0, [player(1, 500, 500), player(2, 100 + tick * 3, 100)], tick * PERIOD_MS);
    }
    const frame = session.update(30 * PERIOD_MS, STILL);
    const other = frame.players.find((p) => p.id === 2)!;
    // Two snapshot periods behind tick 30: tick 28.
    expect(other.x).toBeCloseTo(100 + 28 * 3, 6);
    expect(frame.extrapolationMs).toBe(0);
    expect(frame.bufferDepth).toBeGreaterThanOrEqual(2);
  });

  test('decodes delta snapshots and reports each decoded tick back as the baseline', () => {
    const { session, snapshot, inputs } = harness('delta');
    for (let tick = 1; tick <= 5; tick++) {
      snapshot(tick, 0, [player(1, 500, 500), player(2, 100 + tick, 100)], tick * PERIOD_MS);
      session.update(tick * PERIOD_MS, STILL);
    }
    expect(session.snapshotDecodeFailures).toBe(0);
    expect(session.lastSnapshotTick).toBe(5);
    expect(inputs().at(-1)!.lastSnapshotTick).toBe(5);
  });

  test('a snapshot older than the newest (a reordered datagram) is drawn between the others and changes nothing else', () => {
    const { session, snapshot, inputs } = harness();
    for (let tick = 1; tick <= 10; tick++) {
      snapshot(tick, 0, [player(1, 500, 500), player(2, 100 + tick * 3, 100)], tick * PERIOD_MS);
    }
    snapshot(12, 0, [player(1, 500, 500), player(2, 100 + 12 * 3, 100)], 12 * PERIOD_MS);
    // tick 11 arrives last, and says the own player is dead: out of date, not a death
    snapshot(11, 0, [player(1, 0, 0, 0), player(2, 100 + 11 * 3, 100)], 12.5 * PERIOD_MS);
    const frame = session.update(13 * PERIOD_MS, STILL);
    expect(session.lastSnapshotTick).toBe(12);
    expect(frame.respawnInMs).toBeUndefined();
    expect(frame.self).toMatchObject({ x: 500, y: 500, hp: 100 });
    expect(inputs().at(-1)!.lastSnapshotTick).toBe(12);
    expect(session.snapshotDecodeFailures).toBe(0);
  });

  test('the first snapshot counts even at tick 0 (a replay paused at its start)', () => {
    const { session, snapshot } = harness();
    snapshot(0, 0, [player(1, 500, 500), player(2, 100, 100)], 0);
    const frame = session.update(PERIOD_MS, STILL);
    expect(frame.self).toMatchObject({ x: 500, y: 500 });
    expect(frame.players.find((p) => p.id === 2)).toMatchObject({ x: 100, y: 100 });
    expect(Number.isFinite(frame.renderTick)).toBe(true);
  });

  test('a dead player sends stillness, sees a respawn countdown, and gets a kill-feed line', () => {
    const { session, snapshot, inputs } = harness();
    snapshot(1, 0, [player(1, 500, 500), player(2, 100, 100)], 0);
    session.update(0, STILL);
    session.onEvents({ type: 'events', tick: 2, events: [{ kind: 'kill', killerId: 2, victimId: 1 }] }, 10);
    snapshot(2, 1, [player(1, 500, 500, 0), player(2, 100, 100)], 10);
    const frame = session.update(1010, { moveX: 1, moveY: 0, aim: 1, fire: true });
    expect(frame.respawnInMs).toBe(RESPAWN_DELAY_MS - 1000);
    expect(inputs().at(-1)).toMatchObject({ moveX: 0, moveY: 0, fire: false });
    expect(session.killFeed).toEqual([
      { killerId: 2, killerName: 'other', victimId: 1, victimName: 'me', atMs: 10 },
    ]);
    expect(session.scoreboard().find((line) => line.id === 1)).toMatchObject({ deaths: 1, hp: 0 });
  });

  test('the own hits, kills and shots come out of the next frame as cues, once; joins show a protection ring', () => {
    const { session, snapshot } = harness();
    session.onEvents({ type: 'events', tick: 1, events: [{ kind: 'join', playerId: 1, name: 'me' }] }, 0);
    snapshot(1, 0, [player(1, 500, 500), player(2, 600, 500)], 0);
    session.update(0, STILL);
    session.onEvents(
      {
        type: 'events',
        tick: 2,
        events: [
          { kind: 'hit', shooterId: 1, victimId: 2 },
          { kind: 'kill', killerId: 1, victimId: 2 },
        ],
      },
      20,
    );
    const frame = session.update(PERIOD_MS * 2, { ...STILL, fire: true });
    expect(frame.cues).toEqual([
      { kind: 'hit', victimId: 2 },
      { kind: 'kill', victimId: 2 },
      { kind: 'fire' },
    ]);
    expect(frame.self?.shield).toBeGreaterThan(0);
    expect(frame.players.find((p) => p.id === 2)?.shield).toBe(0);
    expect(session.update(PERIOD_MS * 3, STILL).cues).toEqual([]);
  });

  test('a held trigger flashes the muzzle at once, then once per cooldown, and sends fire every tick', () => {
    const { session, snapshot, inputs } = harness();
    snapshot(1, 0, [player(1, 500, 500)], 0);
    const firing = { ...STILL, fire: true };
    const flashes: boolean[] = [];
    for (let frame = 0; frame * PERIOD_MS <= FIRE_COOLDOWN_MS * 2 + 3 * PERIOD_MS; frame++) {
      flashes.push(session.update(frame * PERIOD_MS, firing).isMuzzleFlash);
    }
    const flashStarts = flashes.filter((flash, i) => flash && !flashes[i - 1]).length;
    expect(flashStarts).toBe(3);
    expect(inputs().every((input) => input.fire)).toBe(true);
  });

  test('ticks that pile up between two frames go out as one batch, with consecutive seqs', () => {
    const { session, snapshot, inputs } = harness();
    snapshot(1, 0, [player(1, 500, 500)], 0);
    session.update(0, STILL);
    session.update(3 * PERIOD_MS + 1, { ...STILL, moveX: 1 });
    expect(inputs().map((input) => input.seq)).toEqual([1, 2, 3, 4]);
    expect(
      inputs()
        .slice(1)
        .every((input) => input.moveX === 1),
    ).toBe(true);
  });

  test('tick-aligned inputs leave a lead before the next tick, one per period; the lead shrinks while they make it', () => {
    const { session, snapshot, inputs } = harness('full', { inputTiming: 'aligned' });
    const sentAt: number[] = [];
    const send = (untilMs: number) => {
      while (session.nextInputAtMs! <= untilMs) {
        const atMs = session.nextInputAtMs!;
        const before = inputs().length;
        session.sendDueInputs(atMs); // the caller's timer, on time
        for (let i = before; i < inputs().length; i++) sentAt.push(atMs);
      }
    };
    // The server ticks at k x PERIOD_MS; each snapshot arrives 1 ms after its tick and acks the
    // inputs sent before that tick.
    snapshot(1, 0, [player(1, 500, 500)], 1);
    session.update(1, STILL);
    const initialLead = session.inputLeadMs!;
    expect(initialLead).toBeCloseTo(PERIOD_MS / 2, 6);
    expect(session.nextInputAtMs).toBeCloseTo(1 + PERIOD_MS - initialLead, 6);
    for (let tick = 2; tick <= 181; tick++) {
      const tickAtMs = (tick - 1) * PERIOD_MS;
      send(tickAtMs + 1);
      const acked = sentAt.filter((atMs) => atMs < tickAtMs).length;
      snapshot(tick, acked, [player(1, 500, 500)], tickAtMs + 1);
    }
    // one input per tick period, in seq order
    expect(inputs().map((input) => input.seq)).toEqual(sentAt.map((_, i) => i + 1));
    expect(inputs().length).toBeGreaterThanOrEqual(179);
    expect(inputs().length).toBeLessThanOrEqual(181);
    // settled: most inputs leave shortly before their tick (a few miss it by design)
    const lastInputs = sentAt.slice(-60);
    const beforeTick = lastInputs.map((atMs) => PERIOD_MS - (atMs % PERIOD_MS));
    const early = beforeTick.filter((ms) => ms <= initialLead / 2);
    expect(early.length).toBeGreaterThanOrEqual(lastInputs.length * 0.9);
    expect(session.inputLeadMs!).toBeLessThan(initialLead / 2);
    expect(session.inputLeadMs!).toBeGreaterThan(1); // the snapshots' 1 ms delay sets the floor
  });

  test('a tick-aligned input that missed its tick lengthens the lead by a tenth of a period', () => {
    const { session, snapshot, inputs } = harness('full', { inputTiming: 'aligned' });
    snapshot(1, 0, [player(1, 500, 500)], 1);
    session.update(1, STILL);
    session.sendDueInputs(session.nextInputAtMs!);
    expect(inputs()).toHaveLength(1);
    const before = session.inputLeadMs!;
    snapshot(2, 0, [player(1, 500, 500)], PERIOD_MS + 1); // seq 1 not acked: it came too late
    expect(session.inputLeadMs!).toBeCloseTo(Math.min(PERIOD_MS / 2, before + PERIOD_MS / 10), 6);
  });

  test('frame timing (the default) has no input schedule of its own', () => {
    const { session, snapshot } = harness();
    snapshot(1, 0, [player(1, 500, 500)], 0);
    expect(session.nextInputAtMs).toBeUndefined();
    expect(session.inputLeadMs).toBeUndefined();
  });
});

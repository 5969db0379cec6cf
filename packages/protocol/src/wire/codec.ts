import { ErrorCode, fail, isErrorCode, ok, type Result } from '../errors';
import type { Rect } from '../rules/arena-map';
import { quantizeAngle, quantizeMoveAxis } from '../rules/quantize';
import { packInputMoves } from './input-moves';
import { decodeInputRecord } from './input-record';
import type {
  ChatScope,
  ClientMessage,
  GameEvent,
  RoomMode,
  RoomSummary,
  RosterEntry,
  ServerMessage,
} from './messages';
import { checkFlatClientRecord } from './msgpack-guard';
import { networkSimFields } from './network-sim-fields';
import { createPackr } from './packr';
import { readRtcSignal, rtcSignalFields } from './rtc-signal';
import { MAX_SIGNAL_MESSAGE_BYTES, RECORD, RECORD_BYTE_BASE, RENDER_DELAY_UNKNOWN } from './structures';
import { validateClientRecord } from './validate-client';

/** Client messages are small (a chat line is the longest); anything longer is refused before decoding. */
export const MAX_CLIENT_MESSAGE_BYTES = 512;

const packr = createPackr();
const RTC_SIGNAL_BYTE = RECORD_BYTE_BASE + RECORD.rtcSignal;

// ---- client -> server ----

/** Encodes a client message; input axes and aim are quantised here, once. */
export function encodeClientMessage(message: ClientMessage): Uint8Array {
  switch (message.type) {
    case 'join':
      return packr.pack({ v: message.protocolVersion, name: message.name, room: message.roomId });
    case 'input':
      return packr.pack({
        seq: message.seq,
        mx: quantizeMoveAxis(message.moveX),
        my: quantizeMoveAxis(message.moveY),
        aim: quantizeAngle(message.aim),
        fire: message.fire,
        ct: message.clientTimeMs >>> 0,
        sn: message.lastSnapshotTick >>> 0,
        rd: renderDelayField(message.renderDelayTicks),
      });
    case 'leave':
      return packr.pack({});
    case 'ping':
      return packr.pack({ ct: message.clientTimeMs >>> 0 });
    case 'chat':
      return packr.pack({ text: message.text });
    case 'lobby':
      return packr.pack({ watch: message.watch, name: message.name });
    case 'rejoin':
      return packr.pack({ v: message.protocolVersion, seat: message.seatToken });
    case 'netsim':
      return packr.pack(networkSimFields(message.conditions));
    case 'ack':
      return packr.pack({ sn: message.lastSnapshotTick >>> 0 });
    case 'rtcSignal':
      return packr.pack(rtcSignalFields(message));
    case 'inputs':
      return packr.pack({
        seq: message.firstSeq,
        moves: packInputMoves(message.inputs),
        ct: message.clientTimeMs >>> 0,
        sn: message.lastSnapshotTick >>> 0,
        rd: renderDelayField(message.renderDelayTicks),
      });
  }
}

function renderDelayField(ticks: number | undefined): number {
  return ticks === undefined
    ? RENDER_DELAY_UNKNOWN
    : Math.max(0, Math.min(RENDER_DELAY_UNKNOWN - 1, Math.round(ticks)));
}

/**
 * Decodes bytes from an untrusted client. Never throws: every failure is a typed fault with a
 * catalogue code. Order matters: type and length first, then the flat-shape walk, then msgpackr,
 * then field validation.
 */
export function decodeClientMessage(data: unknown): Result<ClientMessage> {
  const bytes = asBytes(data);
  if (bytes === undefined) return fail(ErrorCode.BAD_MESSAGE, 'message must be binary');
  if (bytes.length > MAX_CLIENT_MESSAGE_BYTES) {
    // a session description is the one message that may be longer (and is bounded on its own)
    const limit = bytes[0] === RTC_SIGNAL_BYTE ? MAX_SIGNAL_MESSAGE_BYTES : MAX_CLIENT_MESSAGE_BYTES;
    if (bytes.length > limit) {
      return fail(ErrorCode.PAYLOAD_TOO_LARGE, `message of ${bytes.length} bytes exceeds ${limit}`);
    }
  }
  // Every client's message of every tick, read in one pass without msgpackr when it is the plain
  // input record; anything else (or anything odd about it) takes the general path below.
  const input = decodeInputRecord(bytes);
  if (input !== undefined) return input;
  const recordIndex = checkFlatClientRecord(bytes);
  if (typeof recordIndex === 'string')
    return fail(ErrorCode.BAD_MESSAGE, `malformed message: ${recordIndex}`);
  let raw: unknown;
  try {
    raw = packr.unpack(bytes);
  } catch (error) {
    return fail(ErrorCode.BAD_MESSAGE, `undecodable message: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null) return fail(ErrorCode.BAD_MESSAGE, 'message is not a record');
  return validateClientRecord(recordIndex, raw as Record<string, unknown>);
}

// ---- server -> client ----

/** Encodes a server message. Snapshot bodies are already encoded by their strategy. */
export function encodeServerMessage(message: ServerMessage): Uint8Array {
  switch (message.type) {
    case 'welcome':
      return packr.pack({
        v: message.protocolVersion,
        pid: message.playerId,
        room: message.roomId,
        tickHz: message.tickRateHz,
        snapHz: message.snapshotRateHz,
        strategy: message.strategy,
        mode: message.mode,
        w: message.arenaWidth,
        h: message.arenaHeight,
        walls: message.walls.flatMap((wall) => [wall.x, wall.y, wall.width, wall.height]),
        st: message.serverTimeMs,
        tick: message.tick,
        players: message.players.flatMap((entry) => [entry.id, entry.name]),
        seat: message.seatToken ?? '',
        bots: message.players.flatMap((entry) => (entry.bot === true ? [entry.id] : [])),
      });
    case 'snapshot':
      return packr.pack({ tick: message.tick, ack: message.ackSeq, body: message.body });
    case 'events':
      return packr.pack({ tick: message.tick, events: message.events.map(eventRecord) });
    case 'error':
      return packr.pack({ code: message.code, msg: message.message });
    case 'pong':
      return packr.pack({ ct: message.clientTimeMs, st: message.serverTimeMs });
    case 'roomList':
      return packr.pack({
        rooms: message.rooms.flatMap(roomSummaryFields),
        total: message.total ?? message.rooms.length,
      });
    case 'chatLine':
      return packr.pack({
        from: message.fromId,
        name: message.name,
        text: message.text,
        scope: message.scope,
      });
    case 'notice':
      return packr.pack({ text: message.text, level: message.level });
    case 'redirect':
      return packr.pack({ room: message.roomId, url: message.url });
    case 'rtcSignal':
      return packr.pack(rtcSignalFields(message));
  }
}

const ROOM_SUMMARY_FIELDS = 8;

function roomSummaryFields(room: RoomSummary): (string | number)[] {
  return [
    room.id,
    room.mode,
    room.players,
    room.maxPlayers,
    room.tickRateHz,
    room.snapshotRateHz,
    room.strategy,
    room.bots ?? 0,
  ];
}

function eventRecord(event: GameEvent): object {
  switch (event.kind) {
    case 'join':
      return { joined: event.playerId, name: event.name, bot: event.bot === true };
    case 'leave':
      return { left: event.playerId };
    case 'kill':
      return { killer: event.killerId, victim: event.victimId };
    case 'hit':
      return { hitter: event.shooterId, hurt: event.victimId };
    case 'respawn':
      return { respawned: event.playerId, x: event.x, y: event.y };
  }
}

/** Decodes a server message on the client. Never throws; a fault means a broken or foreign server. */
export function decodeServerMessage(data: unknown): Result<ServerMessage> {
  const bytes = asBytes(data);
  if (bytes === undefined || bytes.length === 0) return fail(ErrorCode.BAD_MESSAGE, 'message must be binary');
  try {
    const raw = packr.unpack(bytes) as Record<string, unknown>;
    return readServerRecord(bytes[0]! - RECORD_BYTE_BASE, raw);
  } catch (error) {
    return fail(ErrorCode.BAD_MESSAGE, `undecodable server message: ${(error as Error).message}`);
  }
}

function readServerRecord(recordIndex: number, raw: Record<string, unknown>): Result<ServerMessage> {
  switch (recordIndex) {
    case RECORD.welcome:
      return ok({
        type: 'welcome',
        protocolVersion: raw.v as number,
        playerId: raw.pid as number,
        roomId: raw.room as string,
        tickRateHz: raw.tickHz as number,
        snapshotRateHz: raw.snapHz as number,
        strategy: raw.strategy as string,
        mode: raw.mode as RoomMode,
        arenaWidth: raw.w as number,
        arenaHeight: raw.h as number,
        walls: chunk(raw.walls as number[], 4).map(
          ([x, y, width, height]): Rect => ({
            x: x!,
            y: y!,
            width: width!,
            height: height!,
          }),
        ),
        serverTimeMs: raw.st as number,
        tick: raw.tick as number,
        players: readRoster(raw.players as (number | string)[], raw.bots),
        seatToken: typeof raw.seat === 'string' ? raw.seat : '',
      });
    case RECORD.snapshot:
      return ok({
        type: 'snapshot',
        tick: raw.tick as number,
        ackSeq: raw.ack as number,
        body: raw.body as Uint8Array,
      });
    case RECORD.events:
      return ok({
        type: 'events',
        tick: raw.tick as number,
        events: (raw.events as Record<string, unknown>[]).map(readEvent),
      });
    case RECORD.error: {
      const code = isErrorCode(raw.code) ? raw.code : ErrorCode.INTERNAL;
      return ok({ type: 'error', code, message: String(raw.msg) });
    }
    case RECORD.pong:
      return ok({ type: 'pong', clientTimeMs: raw.ct as number, serverTimeMs: raw.st as number });
    case RECORD.roomList:
      return ok({
        type: 'roomList',
        rooms: chunk(raw.rooms as (string | number)[], ROOM_SUMMARY_FIELDS).map(
          ([id, mode, players, maxPlayers, tickRateHz, snapshotRateHz, strategy, bots]): RoomSummary => ({
            id: id as string,
            mode: mode as RoomMode,
            players: players as number,
            maxPlayers: maxPlayers as number,
            tickRateHz: tickRateHz as number,
            snapshotRateHz: snapshotRateHz as number,
            strategy: strategy as string,
            ...(typeof bots === 'number' && bots > 0 ? { bots } : {}),
          }),
        ),
        ...(typeof raw.total === 'number' ? { total: raw.total } : {}),
      });
    case RECORD.chatLine:
      return ok({
        type: 'chatLine',
        fromId: raw.from as number,
        name: raw.name as string,
        text: raw.text as string,
        scope: raw.scope as ChatScope,
      });
    case RECORD.notice:
      return ok({ type: 'notice', text: String(raw.text), level: raw.level === 'warn' ? 'warn' : 'info' });
    case RECORD.redirect:
      return ok({ type: 'redirect', roomId: String(raw.room), url: String(raw.url) });
    case RECORD.rtcSignal:
      return readRtcSignal(raw);
    default:
      return fail(ErrorCode.BAD_MESSAGE, `record ${recordIndex} is not a server message`);
  }
}

function readEvent(raw: Record<string, unknown>): GameEvent {
  if ('joined' in raw) {
    const join = { kind: 'join', playerId: raw.joined as number, name: raw.name as string } as const;
    return raw.bot === true ? { ...join, bot: true } : join;
  }
  if ('left' in raw) return { kind: 'leave', playerId: raw.left as number };
  if ('killer' in raw)
    return { kind: 'kill', killerId: raw.killer as number, victimId: raw.victim as number };
  if ('hitter' in raw) return { kind: 'hit', shooterId: raw.hitter as number, victimId: raw.hurt as number };
  return { kind: 'respawn', playerId: raw.respawned as number, x: raw.x as number, y: raw.y as number };
}

/** The welcome's roster: `[id, name, ...]` pairs, and the ids of the server bots among them. */
function readRoster(flat: readonly (number | string)[], bots: unknown): RosterEntry[] {
  const botIds = new Set(Array.isArray(bots) ? bots : []);
  return chunk(flat, 2).map(([id, name]) =>
    botIds.has(id)
      ? { id: id as number, name: name as string, bot: true }
      : { id: id as number, name: name as string },
  );
}

function chunk<T>(values: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i + size <= values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}

function asBytes(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return undefined;
}

/** Record byte of a message, for cheap dispatch without decoding (e.g. counting by type). */
export function recordIndexOf(bytes: Uint8Array): number {
  return (bytes[0] ?? 0) - RECORD_BYTE_BASE;
}

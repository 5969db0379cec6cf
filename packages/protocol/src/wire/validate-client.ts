import { ErrorCode, fail, ok, type Result } from '../errors';
import { ANY_ROOM, INPUT_SEQ_MAX, PLAYER_NAME_MAX_CHARS, ROOM_ID_PATTERN } from '../rules/constants';
import { dequantizeAngle, dequantizeMoveAxis, MOVE_AXIS_STEPS } from '../rules/quantize';
import { PROTOCOL_VERSION } from '../version';
import { unpackInputMoves } from './input-moves';
import type {
  ClientMessage,
  InputBatchMessage,
  InputMessage,
  JoinMessage,
  PingMessage,
  RejoinMessage,
} from './messages';
import { readNetworkSimFields } from './network-sim-fields';
import { readRtcSignal } from './rtc-signal';
import { CHAT_MAX_CHARS, RECORD, RENDER_DELAY_UNKNOWN } from './structures';

/** A seat token: `<room id>.<player id>.<secret>`, the secret 16 random bytes in base64url. */
const SEAT_TOKEN_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}\.[1-9][0-9]{0,9}\.[A-Za-z0-9_-]{22}$/;

/** What msgpackr produced for a record: values are already known to be flat scalars. */
type RawRecord = Readonly<Record<string, unknown>>;

/**
 * Turns a decoded client record into a typed message, checking every field's type and range.
 * Nothing that fails here reaches a room.
 */
export function validateClientRecord(recordIndex: number, raw: RawRecord): Result<ClientMessage> {
  switch (recordIndex) {
    case RECORD.join:
      return validateJoin(raw);
    case RECORD.input:
      return validateInput(raw);
    case RECORD.leave:
      return ok({ type: 'leave' });
    case RECORD.ping:
      return validatePing(raw);
    case RECORD.chat: {
      const text = sanitizeChatText(raw.text);
      return text.ok ? ok({ type: 'chat', text: text.value }) : text;
    }
    case RECORD.lobby: {
      if (typeof raw.watch !== 'boolean') return fail(ErrorCode.BAD_MESSAGE, 'lobby.watch must be a boolean');
      const name = sanitizePlayerName(raw.name);
      return name.ok ? ok({ type: 'lobby', watch: raw.watch, name: name.value }) : name;
    }
    case RECORD.rejoin:
      return validateRejoin(raw);
    case RECORD.inputs:
      return validateInputBatch(raw);
    case RECORD.ack: {
      const { sn } = raw;
      if (!isIntegerIn(sn, 0, 0xffff_ffff)) return fail(ErrorCode.BAD_MESSAGE, 'ack.sn must be 0..2^32-1');
      return ok({ type: 'ack', lastSnapshotTick: sn });
    }
    case RECORD.rtcSignal:
      return readRtcSignal(raw);
    case RECORD.netsim: {
      const conditions = readNetworkSimFields(raw);
      return typeof conditions === 'string'
        ? fail(ErrorCode.BAD_MESSAGE, `netsim: ${conditions}`)
        : ok({ type: 'netsim', conditions: conditions ?? undefined });
    }
    default:
      return fail(ErrorCode.BAD_MESSAGE, `record ${recordIndex} is not a client message`);
  }
}

function validateJoin(raw: RawRecord): Result<JoinMessage> {
  const { v, name, room } = raw;
  if (!isIntegerIn(v, 0, 0xffff)) return fail(ErrorCode.BAD_MESSAGE, 'join.v must be an integer');
  if (v !== PROTOCOL_VERSION) {
    return fail(
      ErrorCode.VERSION_MISMATCH,
      `client speaks protocol ${v}, server speaks ${PROTOCOL_VERSION}: reload the page or update the client`,
    );
  }
  const cleanName = sanitizePlayerName(name);
  if (!cleanName.ok) return cleanName;
  if (typeof room !== 'string' || (room !== ANY_ROOM && !ROOM_ID_PATTERN.test(room))) {
    return fail(ErrorCode.BAD_MESSAGE, 'join.room must be "any" or a room id (a-z, 0-9, -; up to 32 chars)');
  }
  return ok({ type: 'join', protocolVersion: v, name: cleanName.value, roomId: room });
}

function validateRejoin(raw: RawRecord): Result<RejoinMessage> {
  const { v, seat } = raw;
  if (!isIntegerIn(v, 0, 0xffff)) return fail(ErrorCode.BAD_MESSAGE, 'rejoin.v must be an integer');
  if (v !== PROTOCOL_VERSION) {
    return fail(
      ErrorCode.VERSION_MISMATCH,
      `client speaks protocol ${v}, server speaks ${PROTOCOL_VERSION}: reload the page or update the client`,
    );
  }
  if (typeof seat !== 'string') return fail(ErrorCode.BAD_MESSAGE, 'rejoin.seat must be a string');
  if (!SEAT_TOKEN_PATTERN.test(seat)) return fail(ErrorCode.BAD_SEAT, 'not a seat token');
  return ok({ type: 'rejoin', protocolVersion: v, seatToken: seat });
}

function validateInput(raw: RawRecord): Result<InputMessage> {
  return validateInputFields(raw.seq, raw.mx, raw.my, raw.aim, raw.fire, raw.ct, raw.sn, raw.rd);
}

/** The input record's fields, in record order, checked and turned into an InputMessage. */
export function validateInputFields(
  seq: unknown,
  mx: unknown,
  my: unknown,
  aim: unknown,
  fire: unknown,
  ct: unknown,
  sn: unknown,
  rd: unknown,
): Result<InputMessage> {
  if (!isIntegerIn(seq, 1, INPUT_SEQ_MAX)) return fail(ErrorCode.BAD_MESSAGE, 'input.seq must be 1..2^32-1');
  if (
    !isIntegerIn(mx, -MOVE_AXIS_STEPS, MOVE_AXIS_STEPS) ||
    !isIntegerIn(my, -MOVE_AXIS_STEPS, MOVE_AXIS_STEPS)
  ) {
    return fail(ErrorCode.BAD_MESSAGE, 'input.mx/my must be integers in -127..127');
  }
  if (!isIntegerIn(aim, 0, 0xffff)) return fail(ErrorCode.BAD_MESSAGE, 'input.aim must be 0..65535');
  if (typeof fire !== 'boolean') return fail(ErrorCode.BAD_MESSAGE, 'input.fire must be a boolean');
  if (!isIntegerIn(ct, 0, 0xffff_ffff)) return fail(ErrorCode.BAD_MESSAGE, 'input.ct must be 0..2^32-1');
  if (!isIntegerIn(sn, 0, 0xffff_ffff)) return fail(ErrorCode.BAD_MESSAGE, 'input.sn must be 0..2^32-1');
  if (!isIntegerIn(rd, 0, RENDER_DELAY_UNKNOWN))
    return fail(ErrorCode.BAD_MESSAGE, 'input.rd must be 0..255');
  const moveX = dequantizeMoveAxis(mx);
  const moveY = dequantizeMoveAxis(my);
  const angle = dequantizeAngle(aim);
  // two literals rather than a spread: this runs for every input of every client
  return ok(
    rd === RENDER_DELAY_UNKNOWN
      ? { type: 'input', seq, moveX, moveY, aim: angle, fire, clientTimeMs: ct, lastSnapshotTick: sn }
      : {
          type: 'input',
          seq,
          moveX,
          moveY,
          aim: angle,
          fire,
          clientTimeMs: ct,
          lastSnapshotTick: sn,
          renderDelayTicks: rd,
        },
  );
}

function validateInputBatch(raw: RawRecord): Result<InputBatchMessage> {
  const { seq, moves, ct, sn, rd } = raw;
  if (!(moves instanceof Uint8Array)) return fail(ErrorCode.BAD_MESSAGE, 'inputs.moves must be binary');
  const inputs = unpackInputMoves(moves);
  if (typeof inputs === 'string') return fail(ErrorCode.BAD_MESSAGE, `inputs.moves: ${inputs}`);
  if (!isIntegerIn(seq, 1, INPUT_SEQ_MAX - inputs.length + 1)) {
    return fail(ErrorCode.BAD_MESSAGE, 'inputs.seq must be 1..2^32-1 for every input of the batch');
  }
  if (!isIntegerIn(ct, 0, 0xffff_ffff)) return fail(ErrorCode.BAD_MESSAGE, 'inputs.ct must be 0..2^32-1');
  if (!isIntegerIn(sn, 0, 0xffff_ffff)) return fail(ErrorCode.BAD_MESSAGE, 'inputs.sn must be 0..2^32-1');
  if (!isIntegerIn(rd, 0, RENDER_DELAY_UNKNOWN))
    return fail(ErrorCode.BAD_MESSAGE, 'inputs.rd must be 0..255');
  return ok({
    type: 'inputs',
    firstSeq: seq,
    inputs,
    clientTimeMs: ct,
    lastSnapshotTick: sn,
    ...(rd === RENDER_DELAY_UNKNOWN ? {} : { renderDelayTicks: rd }),
  });
}

function validatePing(raw: RawRecord): Result<PingMessage> {
  const { ct } = raw;
  if (!isIntegerIn(ct, 0, 0xffff_ffff)) return fail(ErrorCode.BAD_MESSAGE, 'ping.ct must be 0..2^32-1');
  return ok({ type: 'ping', clientTimeMs: ct });
}

// Control, format, surrogate and private-use characters, which render as nothing or spoof text.
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u;

/**
 * Normalises a player name (NFC, trimmed, inner whitespace collapsed) and checks it is 1..16
 * printable characters. Shared so the client can check a name before sending it.
 */
export function sanitizePlayerName(name: unknown): Result<string> {
  if (typeof name !== 'string') return fail(ErrorCode.BAD_NAME, 'name must be a string');
  const clean = name.normalize('NFC').trim().replace(/\s+/gu, ' ');
  const chars = [...clean].length;
  if (chars < 1 || chars > PLAYER_NAME_MAX_CHARS) {
    return fail(ErrorCode.BAD_NAME, `name must be 1..${PLAYER_NAME_MAX_CHARS} characters`);
  }
  if (UNPRINTABLE.test(clean)) return fail(ErrorCode.BAD_NAME, 'name contains unprintable characters');
  return ok(clean);
}

/**
 * Cleans a chat line: NFC, unprintable characters removed, whitespace runs collapsed, trimmed;
 * then 1..120 characters. The result is plain text: clients must render it as text, never HTML.
 */
export function sanitizeChatText(text: unknown): Result<string> {
  if (typeof text !== 'string') return fail(ErrorCode.BAD_MESSAGE, 'chat.text must be a string');
  const clean = text
    .normalize('NFC')
    .replace(new RegExp(UNPRINTABLE.source, 'gu'), '')
    .replace(/\s+/gu, ' ')
    .trim();
  const chars = [...clean].length;
  if (chars < 1 || chars > CHAT_MAX_CHARS) {
    return fail(ErrorCode.BAD_MESSAGE, `chat text must be 1..${CHAT_MAX_CHARS} characters`);
  }
  return ok(clean);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

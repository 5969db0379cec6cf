import { ErrorCode, fail, ok, type Result } from '../errors';
import type { RtcSignalKind, RtcSignalMessage } from './messages';
import { RTC_CANDIDATE_MAX_BYTES, RTC_MID_MAX_BYTES, RTC_SDP_MAX_BYTES } from './structures';

const KINDS: readonly RtcSignalKind[] = ['offer', 'answer', 'candidate', 'close'];
/** A `close` reason is for logs and the net graph: short. */
const REASON_MAX_BYTES = 120;
// SDP and candidates are ASCII lines; anything else (control characters but CR/LF) is refused.
const SDP_TEXT = /^[\x20-\x7e\r\n]*$/;
const LINE_TEXT = /^[\x20-\x7e]*$/;

/** The `rtcSignal` record's fields; absent strings travel as "" (every field is a flat string). */
export function rtcSignalFields(message: RtcSignalMessage): Record<string, string> {
  return {
    kind: message.kind,
    sdp: message.sdp ?? '',
    cand: message.candidate ?? '',
    mid: message.mid ?? '',
    why: message.reason ?? '',
  };
}

/**
 * Checks an `rtcSignal` record from an untrusted peer: a known kind, the field that kind needs,
 * every string ASCII and within its bound. Used for client messages and, the same way, by a
 * client reading the server's.
 */
export function readRtcSignal(raw: Readonly<Record<string, unknown>>): Result<RtcSignalMessage> {
  const { kind, sdp, cand, mid, why } = raw;
  if (typeof kind !== 'string' || !KINDS.includes(kind as RtcSignalKind)) {
    return fail(ErrorCode.BAD_MESSAGE, `rtcSignal.kind must be one of ${KINDS.join(', ')}`);
  }
  for (const [name, value, max, pattern] of [
    ['sdp', sdp, RTC_SDP_MAX_BYTES, SDP_TEXT],
    ['cand', cand, RTC_CANDIDATE_MAX_BYTES, LINE_TEXT],
    ['mid', mid, RTC_MID_MAX_BYTES, LINE_TEXT],
    ['why', why, REASON_MAX_BYTES, LINE_TEXT],
  ] as const) {
    if (typeof value !== 'string' || value.length > max || !pattern.test(value)) {
      return fail(ErrorCode.BAD_MESSAGE, `rtcSignal.${name} must be ASCII text of at most ${max} bytes`);
    }
  }
  const signal = signalOf(kind as RtcSignalKind, sdp as string, cand as string, mid as string, why as string);
  if (signal === undefined) return fail(ErrorCode.BAD_MESSAGE, `rtcSignal ${kind} lacks its content`);
  return ok(signal);
}

function signalOf(
  kind: RtcSignalKind,
  sdp: string,
  candidate: string,
  mid: string,
  reason: string,
): RtcSignalMessage | undefined {
  switch (kind) {
    case 'offer':
    case 'answer':
      return sdp === '' ? undefined : { type: 'rtcSignal', kind, sdp };
    case 'candidate':
      return candidate === '' ? undefined : { type: 'rtcSignal', kind, candidate, mid };
    case 'close':
      return reason === '' ? { type: 'rtcSignal', kind } : { type: 'rtcSignal', kind, reason };
  }
}

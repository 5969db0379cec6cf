import { gunzipSync, gzipSync } from 'node:zlib';
import { PROTOCOL_VERSION, type RoomMode } from '@arena/protocol';
import { Packr } from 'msgpackr';
import { SIM_RULES_VERSION } from '../sim/rules-version';

/**
 * A match recording: everything needed to re-simulate a room tick for tick, and the state hash
 * of every tick to prove the re-simulation matches. Stored as gzip(msgpack sequence): a header,
 * then one entry per tick. Inputs are stored quantised, exactly as they arrived on the wire, so
 * the replay applies bit-identical values.
 */
export const RECORDING_FORMAT = 'arena-recording';
export const RECORDING_VERSION = 1;

export interface RecordingHeader {
  readonly format: typeof RECORDING_FORMAT;
  readonly version: number;
  readonly protocolVersion: number;
  /**
   * The simulation rules the match was played under (`SIM_RULES_VERSION`); absent in files of
   * builds before it was recorded, which played under rules 1.
   */
  readonly simRulesVersion?: number;
  readonly roomId: string;
  readonly mode: RoomMode;
  readonly tickRateHz: number;
  readonly snapshotRateHz: number;
  readonly seed: number;
  readonly maxRewindMs: number;
  /** Wall clock when recording began (information only; the replay never reads clocks). */
  readonly startedAt: string;
}

/**
 * A seat change between two ticks, in the order it happened. A join draws its spawn point from
 * the rng, unless the room placed the player itself (a server bot): then the point is recorded.
 */
export type MembershipChange =
  | readonly ['join', number, string]
  | readonly ['join', number, string, x: number, y: number]
  | readonly ['leave', number];

/** One recorded input: quantised move axes (-127..127), aim (0..65535), fire, and the view tick (0 = none). */
export type RecordedInput = readonly [mx: number, my: number, aim: number, fire: 0 | 1, viewTick: number];

export interface RecordingEntry {
  /** The tick this entry advances the world to. */
  readonly tick: number;
  /** Seat changes applied before this tick's step. */
  readonly changes: readonly MembershipChange[];
  /** Inputs applied in this tick: [playerId, inputs in order]. */
  readonly inputs: readonly (readonly [number, readonly RecordedInput[]])[];
  /** First 8 bytes of the state hash after the step, hex. */
  readonly hash: string;
}

export interface Recording {
  readonly header: RecordingHeader;
  readonly entries: readonly RecordingEntry[];
}

const packr = new Packr({ useRecords: false, moreTypes: false });

export function newHeader(
  fields: Omit<RecordingHeader, 'format' | 'version' | 'protocolVersion' | 'simRulesVersion'>,
): RecordingHeader {
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    protocolVersion: PROTOCOL_VERSION,
    simRulesVersion: SIM_RULES_VERSION,
    ...fields,
  };
}

/** Encodes one value of the sequence (header or entry); concatenate them, then `compressRecording`. */
export function encodeRecordingPart(part: RecordingHeader | RecordingEntry): Uint8Array {
  return packr.pack(part);
}

export function compressRecording(parts: readonly Uint8Array[]): Buffer {
  return gzipSync(Buffer.concat(parts));
}

/** Reads a recording file's bytes; throws with a clear reason for anything that is not one. */
export function readRecording(file: Uint8Array): Recording {
  let raw: Buffer;
  try {
    raw = gunzipSync(file);
  } catch (error) {
    throw new Error('not an Arena recording (not gzip data)', { cause: error });
  }
  const values = packr.unpackMultiple(raw) as unknown[];
  const [header, ...entries] = values as [RecordingHeader, ...RecordingEntry[]];
  if (header?.format !== RECORDING_FORMAT) throw new Error('not an Arena recording (no header)');
  if (header.version !== RECORDING_VERSION) {
    throw new Error(`recording format version ${header.version}; this build reads ${RECORDING_VERSION}`);
  }
  const rulesProblem = simRulesProblem(header);
  if (rulesProblem !== undefined) throw new Error(rulesProblem);
  return { header, entries };
}

/**
 * Why this build cannot re-simulate a recording made under other simulation rules (undefined
 * when it can): its ticks would diverge from the first spawn or shot, which is no mismatch of the
 * recording but of the rules.
 */
export function simRulesProblem(header: RecordingHeader): string | undefined {
  const recorded = header.simRulesVersion ?? 1;
  if (recorded === SIM_RULES_VERSION) return undefined;
  return (
    `recorded under simulation rules ${recorded}; this build simulates rules ${SIM_RULES_VERSION}, ` +
    'so it cannot re-simulate the match: replay it with the Arena version that recorded it'
  );
}

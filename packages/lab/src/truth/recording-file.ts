import { gunzipSync } from 'node:zlib';
import type { RoomMode } from '@arena/protocol';
import { Packr } from 'msgpackr';

/**
 * The parts of a match recording (docs/netcode.md, "Record and replay") the lab re-simulates:
 * gzip(msgpack sequence) of a header, then one entry per tick. The server's own reader is not
 * part of `@arena/server`'s public entry point, so the lab reads the same documented layout here;
 * the state hash of every tick, checked during the re-simulation, proves it read it right.
 */
export interface LabRecordingHeader {
  readonly format: string;
  readonly version: number;
  readonly roomId: string;
  readonly mode: RoomMode;
  readonly tickRateHz: number;
  readonly snapshotRateHz: number;
  readonly seed: number;
  readonly maxRewindMs: number;
}

/** A seat change before a tick's step. */
export type LabMembershipChange = readonly ['join', number, string] | readonly ['leave', number];

/** Quantised move axes (-127..127), aim (0..65535), fire, view tick (0 = none). */
export type LabRecordedInput = readonly [number, number, number, 0 | 1, number];

export interface LabRecordingEntry {
  readonly tick: number;
  readonly changes: readonly LabMembershipChange[];
  readonly inputs: readonly (readonly [number, readonly LabRecordedInput[]])[];
  /** First 16 hex digits of the state hash after the step. */
  readonly hash: string;
}

export interface LabRecording {
  readonly header: LabRecordingHeader;
  readonly entries: readonly LabRecordingEntry[];
}

const RECORDING_FORMAT = 'arena-recording';
const RECORDING_VERSION = 1;
const packr = new Packr({ useRecords: false, moreTypes: false });

/**
 * Reads a finished recording's bytes; undefined while its gzip stream is not finished (the room
 * is still open, or the file is still being flushed). Throws for a file that is not a recording.
 */
export function readLabRecording(file: Uint8Array): LabRecording | undefined {
  let raw: Buffer;
  try {
    raw = gunzipSync(file);
  } catch {
    return undefined;
  }
  const values = packr.unpackMultiple(raw) as unknown[];
  const [header, ...entries] = values as [LabRecordingHeader | undefined, ...LabRecordingEntry[]];
  if (header?.format !== RECORDING_FORMAT) throw new Error('not an Arena recording (no header)');
  if (header.version !== RECORDING_VERSION) {
    throw new Error(`recording format version ${header.version}; the lab reads ${RECORDING_VERSION}`);
  }
  return { header, entries };
}

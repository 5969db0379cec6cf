import { expect, test } from 'vitest';
import { compressRecording, encodeRecordingPart, readRecording } from '../replay/recording-format';
import { recordScriptedMatch } from '../testing/scripted-match';
import { SIM_RULES_VERSION } from './rules-version';

/**
 * The final state hash of the scripted match (joins, a leave, movement into walls, shots, deaths)
 * under each rules version. A change to how worlds evolve fails here: bump SIM_RULES_VERSION and
 * pin the new hash beside it, so recordings of the old rules are refused rather than mismatched.
 */
const FINAL_HASH_BY_RULES: Readonly<Record<number, string>> = { 2: '30c9a75fc10d34af' };

test('the scripted match ends on the hash pinned for this rules version', () => {
  const recording = readRecording(recordScriptedMatch());
  expect(recording.header.simRulesVersion).toBe(SIM_RULES_VERSION);
  expect(recording.entries.at(-1)?.hash).toBe(FINAL_HASH_BY_RULES[SIM_RULES_VERSION]);
});

test('a recording made under other rules, or before rules were recorded, is refused with the reason', () => {
  const { header, entries } = readRecording(recordScriptedMatch());
  const withRules = (simRulesVersion: number | undefined) => {
    const { simRulesVersion: _, ...rest } = header;
    const changed = simRulesVersion === undefined ? rest : { ...rest, simRulesVersion };
    return compressRecording([encodeRecordingPart(changed), ...entries.map(encodeRecordingPart)]);
  };
  expect(() => readRecording(withRules(SIM_RULES_VERSION + 1))).toThrow(
    `recorded under simulation rules ${SIM_RULES_VERSION + 1}; this build simulates rules ${SIM_RULES_VERSION}`,
  );
  expect(() => readRecording(withRules(undefined))).toThrow(/recorded under simulation rules 1;/);
});

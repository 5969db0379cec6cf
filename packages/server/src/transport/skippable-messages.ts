import { RECORD, recordIndexOf } from '@arena/protocol';

/**
 * Server messages that may be skipped for a backed-up client: each snapshot supersedes the one
 * before (delta snapshots are against the baseline the client acknowledged, so a skipped one is
 * simply never acknowledged). Events, errors, chat and welcomes are never skipped.
 */
const SKIPPABLE_RECORDS: ReadonlySet<number> = new Set([RECORD.snapshot]);

export function isSkippableMessage(bytes: Uint8Array): boolean {
  return SKIPPABLE_RECORDS.has(recordIndexOf(bytes));
}

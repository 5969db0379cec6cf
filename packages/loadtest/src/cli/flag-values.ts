/** Checked parsing of numeric command-line flag values, shared by the load-test and lab CLIs. */

/** An integer flag value in min..max, or the fallback when absent; throws with the reason otherwise. */
export function integerFlag(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`--${flag} must be an integer in ${min}..${max}, got "${raw}"`);
  }
  return value;
}

/** A number of seconds in min..max, or the fallback when absent; throws with the reason otherwise. */
export function secondsFlag(
  flag: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new Error(`--${flag} must be a number of seconds in ${min}..${max}, got "${raw}"`);
  }
  return value;
}

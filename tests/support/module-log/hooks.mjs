// Module customization hooks (they run on Node's loader thread): log each resolved URL.
import { appendFileSync } from 'node:fs';

let logFile = '';

export function initialize(data) {
  logFile = data.logFile;
}

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  // Written before the module loads, synchronously: the log is whole when the process exits.
  appendFileSync(logFile, `${resolved.url}\n`);
  return resolved;
}

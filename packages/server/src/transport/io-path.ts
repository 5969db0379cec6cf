/**
 * How players' messages travel through the process (`--io-path`):
 * - `batched`: the short path (arena-wire.ts), and a seated player's socket is read straight from
 *   its descriptor right before each tick of its room instead of being polled by libuv: a tick
 *   period's messages cost one read, and the thread never blocks, so HTTP and handshakes are
 *   served as they arrive;
 * - `event-loop`: the short path, with every message read as it arrives;
 * - `standard`: Socket.IO's own event path for every message (what a connection falls back to when
 *   the stack's internals are not what stack-internals.ts expects).
 */
export type IoPath = 'batched' | 'event-loop' | 'standard';

export const IO_PATHS: readonly IoPath[] = ['batched', 'event-loop', 'standard'];

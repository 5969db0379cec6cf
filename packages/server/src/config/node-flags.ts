/**
 * Node flags every launcher of the server passes (`pnpm start`, the `arena-server` binary,
 * `pnpm start:cluster`, `pnpm bench` and `pnpm lab`). They cannot be set from inside the process
 * (V8 aborts when GC threads are switched off at run time) nor through NODE_OPTIONS.
 *
 * `--single-threaded-gc`: V8's parallel and concurrent GC helper threads only help when the
 * process has idle cores to spare. An Arena node is meant to own one core (a cluster runs one
 * node per core), so the helpers compete with the tick for that core or steal a neighbour's.
 * Collecting on the main thread costs less CPU per client per tick and gives a lower ack p99
 * (the measurements are in docs/netcode.md, "Garbage collection").
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--single-threaded-gc'];

/** Whether this process was started with the flags above. */
export function hasServerNodeFlags(execArgv: readonly string[] = process.execArgv): boolean {
  return SERVER_NODE_FLAGS.every((flag) => execArgv.includes(flag));
}

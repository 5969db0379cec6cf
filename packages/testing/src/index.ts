// @arena/testing: helpers for Arena's tests, unit tests beside the code and cross-package tests
// alike. No dependencies, so any package can take it as a devDependency without a cycle.

export type { WaitForOptions } from './wait-for';
export { WAIT_FOR_POLL_MS, WAIT_FOR_TIMEOUT_MS, waitFor, waitForTicks } from './wait-for';

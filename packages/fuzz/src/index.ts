// @arena/fuzz: malformed traffic for a live Arena server (`pnpm fuzz`, src/main.ts).
export type { FrameFamily, FuzzFrame } from './frames';
export { FRAME_FAMILIES, makeFrame } from './frames';
export type { FuzzOptions, FuzzReport } from './run-fuzz';
export { runFuzz } from './run-fuzz';

import type { ArenaApp } from './arena-app';
import type { ArenaTestState } from './test-state';

/**
 * `window.__arena`: a small, read-only window into the client for the end-to-end test and for
 * debugging in the console. It exposes state, never controls: tests drive the game with real
 * keys and mouse events. Documented in docs/game-client.md.
 */
export interface ArenaTestHook {
  /** Protocol version this build speaks. */
  readonly protocolVersion: number;
  state(): ArenaTestState;
  /** Where a world point is drawn, in CSS pixels from the canvas' top-left (the arena fills the page). */
  worldToScreen(x: number, y: number): Promise<{ x: number; y: number } | null>;
}

declare global {
  interface Window {
    __arena?: ArenaTestHook;
  }
}

export function installTestHook(target: Window, app: ArenaApp, protocolVersion: number): void {
  target.__arena = Object.freeze({
    protocolVersion,
    state: () => app.testState(),
    worldToScreen: async (x: number, y: number) => (await app.worldToScreen(x, y)) ?? null,
  });
}

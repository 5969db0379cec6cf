import { insetsAround, NO_INSETS, type ScreenInsets } from '../game/camera-framing';

/** Panels are measured at most this often, ms: reading layout every frame would cost a reflow. */
const MEASURE_INTERVAL_MS = 200;

/**
 * The screen bands the HUD's panels cover (insetsAround), from their boxes on the page, for the
 * camera to keep the own player out of. Hidden panels have empty boxes and count for nothing.
 */
export class PanelInsets {
  private insets: ScreenInsets = NO_INSETS;
  private measuredAtMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly panels: () => readonly Element[]) {}

  current(nowMs: number = performance.now()): ScreenInsets {
    if (nowMs - this.measuredAtMs >= MEASURE_INTERVAL_MS) {
      this.measuredAtMs = nowMs;
      const viewport = { width: window.innerWidth, height: window.innerHeight };
      this.insets = insetsAround(
        this.panels().map((panel) => panel.getBoundingClientRect()),
        viewport,
      );
    }
    return this.insets;
  }
}

/** Keys whose browser default (scrolling, focus moves) would fight the game while playing. */
const GAME_KEYS = new Set(['Space', 'Tab', 'ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);

/**
 * The keys held right now, by `KeyboardEvent.code` (so WASD sits where it does on any layout).
 * Keys typed into a text field (chat, name) are not game keys and are ignored. Everything is
 * released when the window loses focus, so a player does not keep running after alt-tab.
 */
export class KeyboardState {
  private readonly pressed = new Set<string>();
  private readonly pressListeners = new Map<string, Set<(event: KeyboardEvent) => void>>();
  /** While false (lobby, error screen) no key is tracked and no default is prevented. */
  isEnabled = false;

  /** Starts listening on `target`; returns the function that stops. */
  attach(target: Window): () => void {
    const onDown = (event: KeyboardEvent) => this.onKeyDown(event);
    const onUp = (event: KeyboardEvent) => this.pressed.delete(event.code);
    const onBlur = () => this.pressed.clear();
    target.addEventListener('keydown', onDown);
    target.addEventListener('keyup', onUp);
    target.addEventListener('blur', onBlur);
    return () => {
      target.removeEventListener('keydown', onDown);
      target.removeEventListener('keyup', onUp);
      target.removeEventListener('blur', onBlur);
    };
  }

  get pressedCodes(): ReadonlySet<string> {
    return this.pressed;
  }

  isDown(code: string): boolean {
    return this.pressed.has(code);
  }

  /** Calls `listener` when `code` goes down (not on auto-repeat) while enabled. */
  onPress(code: string, listener: (event: KeyboardEvent) => void): void {
    let listeners = this.pressListeners.get(code);
    if (listeners === undefined) {
      listeners = new Set();
      this.pressListeners.set(code, listeners);
    }
    listeners.add(listener);
  }

  releaseAll(): void {
    this.pressed.clear();
  }

  private onKeyDown(event: KeyboardEvent): void {
    if (!this.isEnabled || isTextField(event.target)) return;
    if (GAME_KEYS.has(event.code)) event.preventDefault();
    if (event.repeat) return;
    this.pressed.add(event.code);
    for (const listener of this.pressListeners.get(event.code) ?? []) listener(event);
  }
}

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA';
}

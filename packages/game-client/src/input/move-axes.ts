/** Keys (KeyboardEvent.code) that move the player, per direction. */
export const MOVE_KEYS = {
  left: ['KeyA', 'ArrowLeft'],
  right: ['KeyD', 'ArrowRight'],
  up: ['KeyW', 'ArrowUp'],
  down: ['KeyS', 'ArrowDown'],
} as const;

/** The movement axes (-1..1, y down) the pressed keys ask for; opposite keys cancel out. */
export function moveAxesFromKeys(pressed: ReadonlySet<string>): { moveX: number; moveY: number } {
  const held = (codes: readonly string[]) => codes.some((code) => pressed.has(code));
  const moveX = (held(MOVE_KEYS.right) ? 1 : 0) - (held(MOVE_KEYS.left) ? 1 : 0);
  const moveY = (held(MOVE_KEYS.down) ? 1 : 0) - (held(MOVE_KEYS.up) ? 1 : 0);
  return { moveX, moveY };
}

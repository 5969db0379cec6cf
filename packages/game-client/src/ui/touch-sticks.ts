import { STICK_AT_REST, type StickAxes, stickAxes, type TouchIntent } from '../input/stick-axes';
import { h } from './dom';

/** The aim stick fires while pushed at least this far: a touch that only turns does not shoot. */
const FIRE_MAGNITUDE = 0.35;

/** One virtual stick: follows one touch (pointer) from the moment it lands on the stick. */
class VirtualStick {
  readonly element: HTMLElement;
  private readonly knob = h('div', { className: 'touch-stick-knob' });
  private pointerId: number | undefined;
  private axes: StickAxes = STICK_AT_REST;

  constructor(className: string, label: string) {
    this.element = h('div', {
      className: `touch-stick ${className}`,
      attrs: { role: 'presentation', 'aria-label': label, 'data-testid': className },
    });
    this.element.append(this.knob);
    this.element.addEventListener('pointerdown', (event) => this.onDown(event));
    this.element.addEventListener('pointermove', (event) => this.onMove(event));
    for (const type of ['pointerup', 'pointercancel', 'lostpointercapture'] as const) {
      this.element.addEventListener(type, (event) => this.onUp(event));
    }
    // Phaser listens for touches on the whole window too, and would take a thumb on a stick
    // for a tap on the arena (a shot, aimed at the stick); it skips touches whose default is
    // prevented. Pointer events, which drive the stick, still come.
    for (const type of ['touchstart', 'touchmove', 'touchend', 'touchcancel'] as const) {
      this.element.addEventListener(type, (event) => event.preventDefault(), { passive: false });
    }
  }

  get reading(): StickAxes {
    return this.axes;
  }

  release(): void {
    this.pointerId = undefined;
    this.axes = STICK_AT_REST;
    this.element.classList.remove('active');
    this.knob.style.transform = '';
  }

  private onDown(event: PointerEvent): void {
    if (this.pointerId !== undefined) return;
    event.preventDefault();
    this.pointerId = event.pointerId;
    // a thumb that slides off the stick still drives it
    this.element.setPointerCapture?.(event.pointerId);
    this.element.classList.add('active');
    this.onMove(event);
  }

  private onMove(event: PointerEvent): void {
    if (event.pointerId !== this.pointerId) return;
    event.preventDefault();
    const box = this.element.getBoundingClientRect();
    const radius = box.width / 2;
    const dx = event.clientX - (box.left + radius);
    const dy = event.clientY - (box.top + box.height / 2);
    this.axes = stickAxes(dx, dy, radius);
    const shown = Math.min(1, Math.hypot(dx, dy) / radius) * radius * 0.6;
    const angle = Math.atan2(dy, dx);
    this.knob.style.transform = `translate(${Math.cos(angle) * shown}px, ${Math.sin(angle) * shown}px)`;
  }

  private onUp(event: PointerEvent): void {
    if (event.pointerId === this.pointerId) this.release();
  }
}

/**
 * Touch controls for phones and tablets: a stick on the left moves, a stick on the right aims
 * and fires while held. Their reading joins the keyboard and mouse in the arena scene's intent,
 * the one input path to RoomSession. Only built where the device has a touch screen.
 */
export class TouchSticks {
  readonly element: HTMLElement;
  private readonly move = new VirtualStick('touch-stick-move', 'Move stick');
  private readonly aim = new VirtualStick('touch-stick-aim', 'Aim and fire stick');

  constructor() {
    this.element = h('div', { className: 'touch-sticks' }, this.move.element, this.aim.element);
  }

  /** True on a device with a touch screen (where the sticks are shown). */
  static isTouchDevice(target: Window = window): boolean {
    return target.navigator.maxTouchPoints > 0 || 'ontouchstart' in target;
  }

  intent(): TouchIntent {
    const move = this.move.reading;
    const aim = this.aim.reading;
    const isAiming = aim.magnitude > 0;
    return {
      moveX: move.x,
      moveY: move.y,
      aim: isAiming ? Math.atan2(aim.y, aim.x) : undefined,
      fire: aim.magnitude >= FIRE_MAGNITUDE,
    };
  }

  /** Lets go of both sticks (leaving the arena, an overlay opening). */
  releaseAll(): void {
    this.move.release();
    this.aim.release();
  }
}

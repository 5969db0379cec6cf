import { h } from './dom';

/** How long a notice stays on screen, ms. */
const NOTICE_VISIBLE_MS = 6000;

/** Server announcements (a room closing, a shutdown) as toasts at the top of the screen. */
export class NoticeToasts {
  readonly element = h('div', { className: 'notices', attrs: { role: 'status', 'aria-live': 'polite' } });

  show(text: string, level: 'info' | 'warn'): void {
    const toast = h('div', { className: `notice notice-${level}`, text });
    this.element.append(toast);
    setTimeout(() => toast.remove(), NOTICE_VISIBLE_MS);
  }
}

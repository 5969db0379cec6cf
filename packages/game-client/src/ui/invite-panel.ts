import type { CopyOutcome } from '../app/invite-link';
import { h, setText } from './dom';

/** A copied link's confirmation stays this long, ms; a link to copy by hand stays until closed. */
const COPIED_VISIBLE_MS = 5000;

/**
 * Says what happened to an invite link: "Link copied", or, where the page has no clipboard,
 * the link selected in a field to copy by hand. The link is shown either way, as text the
 * player can select.
 */
export class InvitePanel {
  readonly element: HTMLElement;
  private readonly status = h('strong', { attrs: { 'data-testid': 'invite-status' } });
  private readonly url = h('input', {
    className: 'invite-url',
    attrs: { type: 'text', readonly: '', 'aria-label': 'Invite link', 'data-testid': 'invite-url' },
  });
  private hideTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    const close = h('button', { text: 'Close', attrs: { type: 'button', 'data-testid': 'invite-close' } });
    close.addEventListener('click', () => this.hide());
    this.url.addEventListener('focus', () => this.url.select());
    // keys typed in the field are not the game's: Esc or Enter closes it and gives them back
    this.url.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' || event.key === 'Enter') this.hide();
    });
    this.element = h(
      'div',
      {
        className: 'invite-panel hidden',
        attrs: { role: 'status', 'aria-live': 'polite', 'data-testid': 'invite-panel' },
      },
      this.status,
      this.url,
      close,
    );
  }

  show(url: string, outcome: CopyOutcome): void {
    clearTimeout(this.hideTimer);
    setText(this.status, outcome === 'copied' ? 'Link copied' : 'Copy this link to invite a friend:');
    this.url.value = url;
    this.element.classList.remove('hidden');
    if (outcome === 'copied') {
      this.hideTimer = setTimeout(() => this.hide(), COPIED_VISIBLE_MS);
    } else {
      this.url.focus();
      this.url.select();
    }
  }

  hide(): void {
    clearTimeout(this.hideTimer);
    this.element.classList.add('hidden');
    if (document.activeElement === this.url) this.url.blur();
  }
}

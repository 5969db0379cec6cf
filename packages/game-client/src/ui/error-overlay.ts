import type { ErrorDescription } from '../app/describe-error';
import { h, setText } from './dom';

/** A modal that says what went wrong, in words, with one button that leads somewhere useful. */
export class ErrorOverlay {
  readonly element: HTMLElement;
  private readonly title = h('h2', { className: 'error-title' });
  private readonly detail = h('p', { className: 'error-detail' });
  private readonly button = h('button', { className: 'primary', attrs: { type: 'button' } });
  private recover: () => void = () => {};

  constructor() {
    this.element = h(
      'div',
      { className: 'overlay error-overlay hidden', attrs: { role: 'alertdialog', 'aria-modal': 'true' } },
      h('div', { className: 'panel' }, this.title, this.detail, this.button),
    );
    this.button.addEventListener('click', () => this.recover());
  }

  get isVisible(): boolean {
    return !this.element.classList.contains('hidden');
  }

  show(description: ErrorDescription, onRecover: () => void): void {
    setText(this.title, description.title);
    setText(this.detail, description.detail);
    setText(this.button, description.recovery === 'reload' ? 'Reload the page' : 'Back to the lobby');
    this.recover = () => {
      this.hide();
      onRecover();
    };
    this.element.classList.remove('hidden');
    this.button.focus();
  }

  hide(): void {
    this.element.classList.add('hidden');
  }
}

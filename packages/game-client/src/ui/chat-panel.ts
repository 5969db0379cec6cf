import { CHAT_MAX_CHARS } from '@arena/protocol';
import { h } from './dom';

/** Lines kept on screen; older ones scroll away for good. */
const CHAT_MAX_LINES = 80;

export type ChatLineKind = 'chat' | 'notice' | 'system';

/**
 * A chat box: the lines so far and a one-line input. Used in the lobby (always open) and in a
 * room (opened with Enter, closed after sending or with Escape, so typing never moves the
 * player). Every line is set as text: chat comes from other players and is never HTML.
 */
export class ChatPanel {
  readonly element: HTMLElement;
  private readonly lines: HTMLElement;
  private readonly input: HTMLInputElement;
  private sendListener: (text: string) => void = () => {};

  constructor(
    placeholder: string,
    private readonly isCollapsible: boolean,
  ) {
    this.lines = h('div', { className: 'chat-lines', attrs: { role: 'log', 'aria-live': 'polite' } });
    this.input = h('input', {
      className: 'chat-input',
      attrs: {
        type: 'text',
        maxlength: String(CHAT_MAX_CHARS),
        placeholder,
        'aria-label': placeholder,
        autocomplete: 'off',
      },
    });
    this.element = h(
      'div',
      { className: isCollapsible ? 'chat chat-collapsible' : 'chat' },
      this.lines,
      this.input,
    );
    this.input.addEventListener('keydown', (event) => this.onKey(event));
    if (isCollapsible) this.input.addEventListener('blur', () => this.element.classList.remove('chat-open'));
  }

  onSend(listener: (text: string) => void): void {
    this.sendListener = listener;
  }

  addLine(kind: ChatLineKind, text: string, name?: string): void {
    const line = h(
      'div',
      { className: `chat-line chat-${kind}` },
      name === undefined ? undefined : h('span', { className: 'chat-name', text: `${name}: ` }),
      h('span', { text }),
    );
    this.lines.append(line);
    while (this.lines.childElementCount > CHAT_MAX_LINES) this.lines.firstElementChild?.remove();
    this.lines.scrollTop = this.lines.scrollHeight;
  }

  clear(): void {
    this.lines.replaceChildren();
  }

  /** Opens the input for typing (Enter in a room). */
  open(): void {
    this.element.classList.add('chat-open');
    this.input.focus();
  }

  get isTyping(): boolean {
    return document.activeElement === this.input;
  }

  private onKey(event: KeyboardEvent): void {
    if (event.key === 'Enter') {
      const text = this.input.value.trim();
      this.input.value = '';
      if (text !== '') this.sendListener(text);
      if (this.isCollapsible) this.input.blur();
      event.preventDefault();
    } else if (event.key === 'Escape' && this.isCollapsible) {
      this.input.value = '';
      this.input.blur();
      event.preventDefault();
    }
    // Keys typed here are not game keys.
    event.stopPropagation();
  }
}

import { CHAT_HISTORY_FOR_HOOK } from './test-state';

/** A chat line as the test hook reports it. */
export interface HookChatLine {
  readonly scope: string;
  readonly name: string;
  readonly text: string;
}

/** The last chat lines and notices, kept for the test hook (window.__arena.state()). */
export class HookHistory {
  readonly chat: HookChatLine[] = [];
  readonly notices: string[] = [];

  chatLine(line: HookChatLine): void {
    remember(this.chat, line);
  }

  notice(text: string): void {
    remember(this.notices, text);
  }
}

function remember<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > CHAT_HISTORY_FOR_HOOK) list.shift();
}

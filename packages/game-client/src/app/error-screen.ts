import type { ErrorCode } from '@arena/protocol';
import { ErrorOverlay } from '../ui/error-overlay';
import { type ClientErrorKind, describeError } from './describe-error';
import type { ScreenMachine } from './screen-machine';

/** What the error screen needs from the app. */
export interface ErrorScreenHost {
  readonly screens: ScreenMachine;
  readonly backToLobby: () => void;
}

/**
 * The page's dialogs of failure (ErrorOverlay): an error said in words over the lobby with one
 * way back (the lobby, or a reload), the reconnecting dialog, and one report per outage of a
 * server that cannot be reached.
 */
export class ErrorScreen {
  private readonly overlay = new ErrorOverlay();
  private hasReportedOutage = false;

  constructor(private readonly host: ErrorScreenHost) {}

  /** The dialog's element, for the page. */
  get element(): HTMLElement {
    return this.overlay.element;
  }

  /** A dialog is up. */
  get isVisible(): boolean {
    return this.overlay.isVisible;
  }

  hide(): void {
    this.overlay.hide();
  }

  /** Says what went wrong over the lobby (the arena, if it was up, is left). */
  show(code: ErrorCode | ClientErrorKind, message: string): void {
    const description = describeError(code, message);
    this.host.screens.go('error');
    this.overlay.show(description, () => {
      if (description.recovery === 'reload') window.location.reload();
      else this.host.backToLobby();
    });
  }

  /** The connection dropped with a seat to take back: says so; `onGiveUp` when the player stops waiting. */
  showReconnecting(onGiveUp: () => void): void {
    this.overlay.show(
      describeError(
        'RECONNECTING',
        'If the server is still running, it keeps your place, score and position for a few seconds, and the game resumes as soon as the connection is back.',
      ),
      onGiveUp,
    );
  }

  /** The server cannot be reached: said once per outage, and not over a dialog already up. */
  reportUnreachable(reason: string): void {
    if (this.hasReportedOutage || this.overlay.isVisible) return;
    this.hasReportedOutage = true;
    this.show(
      'UNREACHABLE',
      `No answer from ${window.location.host} (${reason}). The page keeps trying; it joins the lobby as soon as the server is back.`,
    );
  }

  /** Connected again: the next outage is reported again. */
  connected(): void {
    this.hasReportedOutage = false;
  }
}

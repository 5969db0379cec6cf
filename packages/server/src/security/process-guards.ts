/**
 * What the arena-server process does about signals and stray errors:
 * - SIGTERM/SIGINT start the server's graceful shutdown (stop accepting, tell every client
 *   SERVER_SHUTDOWN, drain, close) and exit 0; a hard deadline exits 1 if it ever hangs.
 * - An uncaught exception or unhandled rejection outside rooms (rooms catch their own) leaves the
 *   process in an unknown state: it is logged and the process exits 1, so a supervisor restarts
 *   it rather than leaving a zombie that accepts connections and does nothing.
 */
export interface GuardedServer {
  readonly options: { readonly shutdownTimeoutMs: number; readonly shutdownDrainMs: number };
  shutdown(reason?: string): Promise<void>;
}

export interface ProcessLogger {
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  fatal(obj: object, msg?: string): void;
}

/** Slack on top of drain + close time before the hard deadline fires. */
const DEADLINE_SLACK_MS = 1000;

export function installProcessGuards(
  server: GuardedServer,
  log: ProcessLogger,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const stop = (signal: string) => {
    log.info({ signal }, 'signal received');
    const deadlineMs = server.options.shutdownDrainMs + server.options.shutdownTimeoutMs + DEADLINE_SLACK_MS;
    setTimeout(() => {
      log.error({ deadlineMs }, 'shutdown timed out; exiting');
      exit(1);
    }, deadlineMs).unref();
    server.shutdown(`the server is shutting down (${signal})`).then(
      () => exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        exit(1);
      },
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception');
    exit(1);
  });
  process.on('unhandledRejection', (error) => {
    log.fatal({ err: error }, 'unhandled rejection');
    exit(1);
  });
}

/** The line `--linger` prints on stderr once the report is written and the bots play on. */
export const LINGERING_MARKER = 'loadtest: lingering';

/**
 * Waits `seconds`, or until the process gets SIGTERM or SIGINT (which then end the linger, not
 * the process: the caller still stops its bots and exits cleanly). The handlers are in place when
 * this returns, so a caller announces the linger only after calling it: a signal sent on the
 * announcement must not meet the default action, which kills the process.
 */
export function lingerFor(seconds: number): Promise<'elapsed' | 'signal'> {
  return new Promise((resolve) => {
    const done = (why: 'elapsed' | 'signal') => {
      clearTimeout(timer);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(why);
    };
    const onSignal = () => done('signal');
    const timer = setTimeout(() => done('elapsed'), seconds * 1000);
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

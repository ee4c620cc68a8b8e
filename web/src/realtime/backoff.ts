// How long to wait before the next reconnect attempt.

/** First retry after about this long. */
export const RECONNECT_BASE_MS = 500;
/** Never wait longer than this between attempts while the tab is visible: someone is looking. */
export const RECONNECT_MAX_MS = 5_000;
/** ...and while it is hidden (the tab retries at once when it becomes visible again). */
export const RECONNECT_HIDDEN_MAX_MS = 30_000;

/**
 * Exponential backoff with jitter: attempt 0 waits about RECONNECT_BASE_MS, each further attempt
 * doubles it up to `maxMs`, and the wait is drawn from its upper half so that many clients
 * dropped at once by a restart do not all come back in the same instant.
 * `random` returns a number in [0, 1).
 */
export function reconnectDelayMs(
  attempt: number,
  random: () => number = Math.random,
  maxMs: number = RECONNECT_MAX_MS,
): number {
  const ceiling = Math.min(maxMs, RECONNECT_BASE_MS * 2 ** Math.min(attempt, 20));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

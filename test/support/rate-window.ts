// The `ratelimits` binding counts in fixed windows of the wall-clock minute (so does Cloudflare's). A test that
// fills a limit and expects the next request refused only means something inside one window.

const minute = () => Math.floor(Date.now() / 60_000);

/**
 * Runs `attempt` (which must use fresh keys each time) inside one rate-limit window: if it failed and the minute
 * turned while it ran, its requests were split over two windows, so it runs once more, now at the start of a
 * window with the whole minute ahead of it. A failure within one window is a failure.
 */
export async function inOneWindow(attempt: () => Promise<void>): Promise<void> {
  const start = minute();
  try {
    await attempt();
  } catch (err) {
    if (minute() === start) throw err;
    await attempt();
  }
}

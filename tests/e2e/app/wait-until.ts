/**
 * Polls `check` until it returns a value that `done` accepts, or throws after `timeoutMs` saying what it waited
 * for and what it saw last. For set-up steps and scripts, where vitest's `expect.poll` cannot run (it works only
 * inside a test).
 *
 * @example await waitUntil("the agent in the picker", () => picker.textContent(), (text) => text?.includes("Helper"));
 */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (let interval = 100; ; interval = Math.min(interval * 2, 1_000)) {
    try {
      const value = await check();
      if (done(value)) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${String(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/**
 * Waits `ms`, or less: `onWake` is handed a function that ends the wait at once (and does nothing after).
 * Rejects with the signal's reason when it aborts. The device login waits like this between polls, so a user
 * who has just approved the code from this machine need not wait out the Cloud's interval.
 *
 * @example
 * let wake = () => {};
 * const waited = wakeableSleep(5_000, undefined, (end) => { wake = end; });
 * wake(); // resolves now
 */
export function wakeableSleep(
  ms: number,
  signal: AbortSignal | undefined,
  onWake: (wake: () => void) => void,
) {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    let done = false;
    const finish = (outcome: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      outcome();
    };
    const timer = setTimeout(() => finish(resolve), ms);
    const onAbort = () => finish(() => reject(signal?.reason));
    signal?.addEventListener("abort", onAbort, { once: true });
    onWake(() => finish(resolve));
  });
}

/**
 * Resolves at the start of a later task, so the work after it does not lengthen the current one: the page's
 * `scheduler.yield()` where the browser has it (Chromium 129+, which also keeps the continuation ahead of
 * other queued tasks), else a zero-delay timer.
 */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (typeof scheduler?.yield === "function") return scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

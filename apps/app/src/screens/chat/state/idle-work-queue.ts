/** What an idle callback is told: how long the page expects to stay idle. */
export interface IdleTime {
  timeRemaining(): number;
}

/** Runs `run` at the page's next idle moment (requestIdleCallback with a timeout, in the page). */
export type RequestIdle = (run: (idle: IdleTime) => void) => void;

export interface IdleWorkQueue {
  /** Queues `job`; the function returned takes it back out if it has not run yet. */
  add(job: () => void): () => void;
}

/** Below this much idle time left, the next job waits for the next idle moment. */
const MINIMUM_IDLE_MS = 4;

/**
 * At most this long of work per idle moment: the browser offers up to 50 ms when nothing else is due, and a
 * task that used it all would be a long task to an input that arrives meanwhile.
 */
const SLICE_MS = 12;

/**
 * Small jobs done while the page is idle, the newest first, as many as fit in each idle moment (up to a slice
 * of 12 ms) and at least one (so a page that is never idle still gets them done, at the pace of its idle
 * callback's timeout). For work
 * a person can wait a moment for, such as rendering the Markdown of rows that came into view during a fast
 * scroll: the rows in view now are the ones queued last.
 *
 * @example
 * const work = createIdleWorkQueue((run) => requestIdleCallback(run, { timeout: 200 }), () => performance.now());
 * const cancel = work.add(() => render(row)); // cancel() if the row goes first
 */
export function createIdleWorkQueue(requestIdle: RequestIdle, now: () => number): IdleWorkQueue {
  const jobs: Array<() => void> = [];
  let scheduled = false;

  function schedule(): void {
    if (scheduled || jobs.length === 0) return;
    scheduled = true;
    requestIdle(drain);
  }

  function drain(idle: IdleTime): void {
    scheduled = false;
    const start = now();
    let ran = 0;
    while (
      jobs.length > 0 &&
      (ran === 0 || (idle.timeRemaining() > MINIMUM_IDLE_MS && now() - start < SLICE_MS))
    ) {
      const job = jobs.pop();
      job?.();
      ran += 1;
    }
    schedule();
  }

  return {
    add(job) {
      jobs.push(job);
      schedule();
      return () => {
        const at = jobs.lastIndexOf(job);
        if (at >= 0) jobs.splice(at, 1);
      };
    },
  };
}

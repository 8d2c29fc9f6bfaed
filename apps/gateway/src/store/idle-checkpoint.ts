/*
 * SQLite copies its write-ahead log back into the database file (a checkpoint, with two fsyncs) inside the
 * commit that makes the log reach 1,000 pages: every ~65 chat turns here, that commit took tens of
 * milliseconds in the middle of a turn or a streamed answer. Checkpointing once the gateway has been quiet for
 * a moment empties the log between bursts of work, so the log rarely grows that far and the commits of a turn
 * stay short. SQLite's own checkpoint at 1,000 pages stays as the backstop for long busy stretches.
 */

export interface IdleCheckpointer {
  /** A write happened: checkpoint once no other follows for the idle time. */
  wrote(): void;
  /** Cancels a pending checkpoint (before closing the file). */
  stop(): void;
}

export function createIdleCheckpointer(options: {
  idleMs: number;
  checkpoint: () => void;
  onError: (error: unknown) => void;
}): IdleCheckpointer {
  let timer: NodeJS.Timeout | null = null;

  function run(): void {
    timer = null;
    try {
      options.checkpoint();
    } catch (error) {
      options.onError(error);
    }
  }

  return {
    wrote() {
      // refresh() restarts the same timer: a write costs no new timer.
      if (timer !== null) timer.refresh();
      else {
        timer = setTimeout(run, options.idleMs);
        // A pending checkpoint must not keep the process alive.
        timer.unref();
      }
    },
    stop() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}

/** The store with each of `methods` telling `wrote` after it ran. */
export function notifyingWrites<T extends object>(
  store: T,
  methods: readonly (keyof T)[],
  wrote: () => void,
): T {
  const wrapped = { ...store };
  for (const name of methods) {
    const method = store[name];
    if (typeof method !== "function") throw new Error(`${String(name)} is not a method of the store`);
    wrapped[name] = ((...args: unknown[]) => {
      try {
        return method.apply(store, args);
      } finally {
        wrote();
      }
    }) as T[keyof T];
  }
  return wrapped;
}

/** A small key-value store the gateway keeps on disk (its local store), so positions survive restarts. */
export interface KeyValueState {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
}

/** The number of the last event this instance processed, kept per instance. */
export interface EventPosition {
  load(): Promise<number | undefined>;
  save(seq: number): Promise<void>;
  /** Moves the position anywhere, back too: after a resync the Cloud's numbering is the truth. */
  reset(seq: number): Promise<void>;
}

/**
 * Remembers the last processed event number so a restarted gateway resumes where it stopped. The key names the
 * instance: a new sign-in starts from the present instead of replaying an earlier instance's history.
 */
export function createEventPosition(state: KeyValueState, instanceId: string): EventPosition {
  const key = `cloud-link/last-event-seq/${instanceId}`;
  let saved: number | undefined;
  return {
    async load() {
      const text = await state.get(key);
      const value = text === undefined ? Number.NaN : Number(text);
      saved = Number.isSafeInteger(value) && value >= 0 ? value : undefined;
      return saved;
    },
    async save(seq) {
      // Events are processed in order; never move back (a stale save finishing late).
      if (saved !== undefined && seq <= saved) return;
      saved = seq;
      await state.set(key, String(seq));
    },
    async reset(seq) {
      saved = seq;
      await state.set(key, String(seq));
    },
  };
}

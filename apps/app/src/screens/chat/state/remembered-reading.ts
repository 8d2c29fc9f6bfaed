/**
 * A value read from a slow source (the browser's notification permission and local storage: each a
 * synchronous call into the browser), read once and kept until told it may have changed. A store's
 * `getSnapshot` runs on every render of every reader; this keeps that a variable read.
 *
 * @example
 * const enabled = rememberedReading(() => Notification.permission === "granted");
 * enabled.get(); // reads the source
 * enabled.get(); // the same answer, not read again
 * enabled.forget(); // the next get() reads again
 */
export interface RememberedReading<T> {
  get(): T;
  forget(): void;
}

export function rememberedReading<T>(read: () => T): RememberedReading<T> {
  let known: { value: T } | null = null;
  return {
    get() {
      known ??= { value: read() };
      return known.value;
    },
    forget() {
      known = null;
    },
  };
}

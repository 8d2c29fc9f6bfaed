import type { IdleTime } from "../state/idle-work-queue.ts";

/**
 * When the Markdown renderer's chunk is fetched: at once when a message needs it (React.lazy starts it on the
 * first render of one), otherwise only once the first screen is interactive and the page is idle, so its
 * download and compile never compete with the launch.
 *
 * @example
 * const renderer = createRendererPreload(() => import("./markdown-view.tsx"), browserIdle);
 * renderer.preloadWhenIdle(); // after the first screen is interactive
 */
export interface RendererPreload<T> {
  /** The chunk, fetched once: what React.lazy calls. */
  load(): Promise<T>;
  /** The chunk once it has arrived, for what can use it without waiting; null before. */
  loaded(): T | null;
  /** Fetches the chunk at the page's next idle moment, unless something needed it first. */
  preloadWhenIdle(): void;
}

/** Runs `run` when the page is idle, within `timeoutMs` at the latest, telling it how long the idle moment lasts. */
export type WhenIdle = (run: (idle: IdleTime) => void, timeoutMs: number) => void;

/** Without an idle moment within this long, the chunk is fetched anyway. */
const PRELOAD_TIMEOUT_MS = 2_000;

export function createRendererPreload<T>(
  importChunk: () => Promise<T>,
  whenIdle: WhenIdle,
  /** Run once at an idle moment after a preload brought the chunk: first use compiles what later uses reuse. */
  warmUp: (chunk: T) => void = () => {},
): RendererPreload<T> {
  let loading: Promise<T> | null = null;
  let arrived: T | null = null;
  let waiting = false;
  const load = () => {
    loading ??= importChunk().then((chunk) => {
      arrived = chunk;
      return chunk;
    });
    return loading;
  };
  return {
    load,
    loaded: () => arrived,
    preloadWhenIdle() {
      if (loading !== null || waiting) return;
      waiting = true;
      whenIdle(() => {
        // A failed preload is left to the render that needs the chunk, which shows it (and retries on reload).
        load().then(
          (chunk) => whenIdle(() => warmUp(chunk), PRELOAD_TIMEOUT_MS),
          () => {},
        );
      }, PRELOAD_TIMEOUT_MS);
    },
  };
}

/** A moment without an idle callback to say how long it lasts (Safari): short, as a frame's slack is. */
const FALLBACK_IDLE: IdleTime = { timeRemaining: () => 8 };

/** The browser's idle callback, or a timeout where there is none (Safari). */
export const browserIdle: WhenIdle = (run, timeoutMs) => {
  if (typeof window.requestIdleCallback === "function")
    window.requestIdleCallback(run, { timeout: timeoutMs });
  else window.setTimeout(() => run(FALLBACK_IDLE), 1);
};

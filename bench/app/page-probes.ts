import type {
  BenchPageState,
  PageDocument,
  PageMutationObserver,
  PageNavigationEntry,
  PagePerformance,
  PagePerformanceObserver,
  PageTimingEntry,
} from "./page-globals.ts";

/*
 * What the bench runs inside the App's page. Each function here is serialised by playwright-core and evaluated
 * in the page (as an init script before the App's own scripts, or with `page.evaluate`), so it refers to nothing
 * outside its own body. Times are the page's `performance.now()`: milliseconds since the navigation started.
 */

declare const document: PageDocument;
declare const performance: PagePerformance;
declare const location: { pathname: string };
declare const MutationObserver: new (callback: () => void) => PageMutationObserver;
declare const requestAnimationFrame: (callback: (time: number) => void) => number;
declare const PerformanceObserver: new (
  callback: (list: { getEntries(): PageTimingEntry[] }) => void,
) => PagePerformanceObserver;

/**
 * tsx compiles the bench with esbuild's `keepNames`, which wraps inner functions in `__name(…)`; the serialised
 * probes carry those calls into the page, so the page gets an identity `__name` first.
 */
export const nameShim = "globalThis.__name ??= (target) => target;";

/**
 * Init script: resolves `__benchReady` at the first moment the chat screen is interactive — the composer is in
 * the page, enabled, not blocked (no reason shown), takes focus, and the agent picker has the bench's agent
 * chosen. Checked on every DOM mutation (a MutationObserver on the document) and, for property changes that
 * mutate nothing (a select's value), once per frame. `frameMs` is the next animation frame after it: about when
 * that state was first painted.
 */
export function installReadyProbe(agentId: string): void {
  const page = globalThis as unknown as BenchPageState;
  page.__benchReady = new Promise((resolve) => {
    let done = false;
    const interactive = () => {
      const box = document.querySelector('textarea[placeholder="Message the agent"]');
      if (!box || box.disabled || box.hasAttribute("aria-describedby")) return false;
      if (!document.querySelector(`option[value="${agentId}"]`)?.selected) return false;
      box.focus();
      return document.activeElement === box;
    };
    const check = () => {
      if (done || !interactive()) return;
      done = true;
      const readyMs = performance.now();
      observer.disconnect();
      requestAnimationFrame(() => resolve({ readyMs, frameMs: performance.now() }));
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true, attributes: true });
    const everyFrame = () => {
      check();
      if (!done) requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
  });
}

/** The navigation's own milestones (ms since it started) and the first contentful paint, if any. */
export function navigationMilestones(): {
  responseEndMs: number;
  domContentLoadedMs: number;
  loadMs: number;
  firstContentfulPaintMs: number;
} {
  const navigation = performance.getEntriesByType("navigation")[0] as unknown as PageNavigationEntry;
  const paint = performance
    .getEntriesByType("paint")
    .find((entry) => entry.name === "first-contentful-paint");
  return {
    responseEndMs: navigation.responseEnd,
    domContentLoadedMs: navigation.domContentLoadedEventEnd,
    loadMs: navigation.loadEventEnd,
    firstContentfulPaintMs: paint?.startTime ?? Number.NaN,
  };
}

/** The page's clock now (for the clock handshake with the bench process). */
export function pageNow(): number {
  return performance.now();
}

/**
 * Starts recording, for each marker, the page time it first appears in the DOM: a MutationObserver on the whole
 * document (child lists, text, subtree) reads the transcript's text (the `log`, else the body) on every change.
 */
export function armMarkerWatch(markers: string[]): void {
  const page = globalThis as unknown as BenchPageState;
  const seen: Record<string, number> = {};
  page.__benchMarkers = {
    seen,
    done: new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        const at = performance.now();
        const text = (document.querySelector('[role="log"]') ?? document.body)?.textContent ?? "";
        if (!text.includes("zq")) return;
        let all = true;
        for (const marker of markers) {
          if (seen[marker] !== undefined) continue;
          if (text.includes(marker)) seen[marker] = at;
          else all = false;
        }
        if (all) {
          observer.disconnect();
          resolve(seen);
        }
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true });
      setTimeout(() => {
        observer.disconnect();
        resolve(seen);
      }, 60_000);
    }),
  };
}

/** Resolves with the markers seen so far once all are in (or after a minute). */
export function markersSeen(): Promise<Record<string, number>> {
  const watch = (globalThis as unknown as BenchPageState).__benchMarkers;
  return watch ? watch.done : Promise.resolve({});
}

/** Init script: every main-thread task over 50 ms (the Long Tasks API's own threshold) from the document's start. */
export function installLongTaskProbe(): void {
  const page = globalThis as unknown as BenchPageState;
  const tasks: PageTimingEntry[] = [];
  page.__benchLongTasks = tasks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      tasks.push({
        name: entry.name,
        entryType: entry.entryType,
        startTime: entry.startTime,
        duration: entry.duration,
      });
  }).observe({ type: "longtask", buffered: true });
}

/**
 * Opens a conversation as a person does, by its link in the conversation list, and resolves once its
 * transcript has rows drawn and sits at its latest message (where the App opens a conversation), checked every
 * frame: the page times of the click and of that moment.
 */
export function openConversation(conversationId: string): Promise<{ clickMs: number; openedMs: number }> {
  return new Promise((resolve, reject) => {
    const link = document.querySelector(`a[href="/chat/${conversationId}"]`);
    if (!link) {
      reject(new Error(`no link to conversation ${conversationId} in the list`));
      return;
    }
    const clickMs = performance.now();
    link.click();
    const everyFrame = () => {
      const log = document.querySelector('[role="log"]');
      const atEnd =
        log !== null &&
        log.querySelectorAll("[data-index]").length > 0 &&
        log.scrollTop > 0 &&
        log.scrollHeight - log.scrollTop - log.clientHeight < 2;
      if (atEnd) resolve({ clickMs, openedMs: performance.now() });
      else requestAnimationFrame(everyFrame);
    };
    requestAnimationFrame(everyFrame);
  });
}

/** The long tasks recorded so far. */
export function longTasks(): PageTimingEntry[] {
  return [...((globalThis as unknown as BenchPageState).__benchLongTasks ?? [])];
}

/**
 * Scrolls the transcript towards its top or its end by `pxPerFrame` each animation frame (0: one screen per frame,
 * a fling — every frame draws a new set of rows) until it has stayed at that end for three frames (rows are
 * measured as they are drawn, so the height changes on the way) or `maxFrames` have passed. Reports the frames,
 * the longest gap between two frames, and the page times it ran between.
 */
export function scrollThrough({
  towardsTop,
  pxPerFrame,
  maxFrames,
}: {
  towardsTop: boolean;
  pxPerFrame: number;
  maxFrames: number;
}): Promise<{
  frames: number;
  longestFrameMs: number;
  startMs: number;
  endMs: number;
  finalScrollHeight: number;
}> {
  return new Promise((resolve) => {
    const log = document.querySelector('[role="log"]');
    const startMs = performance.now();
    if (!log) {
      resolve({ frames: 0, longestFrameMs: Number.NaN, startMs, endMs: startMs, finalScrollHeight: 0 });
      return;
    }
    let frames = 0;
    let still = 0;
    let last = startMs;
    let longestFrameMs = 0;
    const step = (now: number) => {
      frames += 1;
      longestFrameMs = Math.max(longestFrameMs, now - last);
      last = now;
      const atEnd = towardsTop ? log.scrollTop <= 0 : log.scrollHeight - log.scrollTop - log.clientHeight < 1;
      still = atEnd ? still + 1 : 0;
      if (still >= 3 || frames >= maxFrames) {
        resolve({
          frames,
          longestFrameMs,
          startMs,
          endMs: performance.now(),
          finalScrollHeight: log.scrollHeight,
        });
        return;
      }
      const by = pxPerFrame > 0 ? pxPerFrame : log.clientHeight;
      log.scrollTop += towardsTop ? -by : by;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
}

/** The scripts and stylesheets the page fetched so far: path, encoded body bytes (as sent), when each arrived. */
export function scriptAndStyleResources(): Array<{ path: string; bytes: number; responseEndMs: number }> {
  const found: Array<{ path: string; bytes: number; responseEndMs: number }> = [];
  for (const entry of performance.getEntriesByType("resource") as Array<
    PageTimingEntry & { encodedBodySize: number; responseEnd: number }
  >) {
    const path = new URL(entry.name).pathname;
    if (/\.(?:js|css)$/.test(path))
      found.push({ path, bytes: entry.encodedBodySize, responseEndMs: entry.responseEnd });
  }
  return found;
}

/** Resolves with the ready probe's times, or fails after `timeoutMs` (the probe must be installed). */
export function awaitReady(timeoutMs: number): Promise<{ readyMs: number; frameMs: number }> {
  const ready = (globalThis as unknown as BenchPageState).__benchReady;
  if (!ready) return Promise.reject(new Error("the ready probe is not in the page"));
  return Promise.race([
    ready,
    new Promise<never>((_, reject) =>
      setTimeout(
        () => reject(new Error(`the chat screen was not interactive within ${timeoutMs} ms`)),
        timeoutMs,
      ),
    ),
  ]);
}

/** What the screen shows, in a line: for a launch that never became interactive. */
export function describeScreen(agentId: string): string {
  const box = document.querySelector('textarea[placeholder="Message the agent"]');
  const blockedBy = box?.getAttribute("aria-describedby");
  const reason = blockedBy ? document.querySelector(`[id="${blockedBy}"]`)?.textContent : null;
  const option = document.querySelector(`option[value="${agentId}"]`);
  const text = (document.body?.textContent ?? "").replace(/\s+/g, " ").slice(0, 300);
  return (
    `path ${location.pathname}; composer ${box ? (box.disabled ? "disabled" : "enabled") : "absent"}` +
    `${reason ? ` (blocked: ${reason})` : ""}; agent option ${option ? (option.selected ? "chosen" : "not chosen") : "absent"}; ` +
    `focus on ${document.activeElement?.getAttribute("placeholder") ?? "another element"}; text: ${text}`
  );
}

/*
 * The few browser globals the in-page probes use, declared for this bench's type check (the bench compiles
 * with Node's types, no DOM library). The probes are serialised by playwright-core and run in the page, where
 * these are the browser's own.
 */

export interface PageElement {
  textContent: string | null;
  disabled?: boolean;
  selected?: boolean;
  scrollTop: number;
  readonly scrollHeight: number;
  readonly clientHeight: number;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  focus(): void;
  click(): void;
}

export interface PageDocument {
  readonly activeElement: PageElement | null;
  readonly body: PageElement | null;
  querySelector(selector: string): PageElement | null;
}

export interface PageMutationObserver {
  observe(target: unknown, options: Record<string, boolean>): void;
  disconnect(): void;
}

export interface PagePerformanceObserver {
  observe(options: { type: string; buffered?: boolean }): void;
}

export interface PageTimingEntry {
  name: string;
  entryType: string;
  startTime: number;
  duration: number;
}

export interface PageNavigationEntry extends PageTimingEntry {
  responseEnd: number;
  domContentLoadedEventEnd: number;
  loadEventEnd: number;
}

export interface PagePerformance {
  now(): number;
  getEntriesByType(type: string): PageTimingEntry[];
}

/** Where the probes keep their state in the page (the page's `globalThis`). */
export interface BenchPageState {
  __benchReady?: Promise<{ readyMs: number; frameMs: number }>;
  __benchMarkers?: { seen: Record<string, number>; done: Promise<Record<string, number>> };
  __benchLongTasks?: PageTimingEntry[];
}

import { loadavg } from "node:os";
import type { Browser } from "playwright-core";
import type { BenchProduct } from "./bench-product.ts";
import { benchViewport } from "./chromium.ts";
import type { PageTimingEntry } from "./page-globals.ts";
import {
  awaitReady,
  installLongTaskProbe,
  installReadyProbe,
  longTasks,
  nameShim,
  openConversation,
  pageNow,
  scrollThrough,
} from "./page-probes.ts";

/** What one phase of opening and scrolling a conversation cost the main thread. */
export interface PhaseTasks {
  /** Tasks over 50 ms (the Long Tasks API reports no shorter ones). */
  count: number;
  /** The longest of them, 0 when there was none. */
  longestMs: number;
}

export interface LongTaskRecord {
  messages: number;
  trial: number;
  /** The App's own start, before the conversation is opened (not part of the aim; shown for what it is). */
  boot: PhaseTasks;
  /** Click on the conversation in the list → its transcript drawn at the latest message. */
  openMs: number;
  open: PhaseTasks;
  scrollUp: PhaseTasks & { frames: number; longestFrameMs: number; durationMs: number };
  scrollDown: PhaseTasks & { frames: number; longestFrameMs: number; durationMs: number };
  /** Then, from the end, `wheelPxPerFrame` a frame towards the top for at most `wheelFrames` frames. */
  wheelUp: PhaseTasks & { frames: number; longestFrameMs: number; durationMs: number };
  scrollHeightPx: number;
  loadAverage: number;
}

function tasksBetween(tasks: readonly PageTimingEntry[], fromMs: number, toMs: number): PhaseTasks {
  const inside = tasks.filter((task) => task.startTime >= fromMs && task.startTime < toMs);
  return { count: inside.length, longestMs: Math.max(0, ...inside.map((task) => task.duration)) };
}

/**
 * In a fresh browser context, with a PerformanceObserver for `longtask` entries installed before the App's
 * scripts: the App opens from a fresh one-time link (new chat) and is left a second to settle; then the
 * conversation is opened from the conversation list, left a second, and its transcript scrolled to the top and
 * back to the end, a screen per frame (a fling, or a drag of the scrollbar), then up again at the speed of a fast
 * mouse wheel for a while. Long tasks are split by phase: boot, open (click → a second after it is drawn),
 * fling up, fling down, wheel up.
 */
export async function measureLongTasks(
  browser: Browser,
  bench: BenchProduct,
  conversationId: string,
  messages: number,
  trial: number,
  scroll: { wheelPxPerFrame: number; wheelFrames: number },
): Promise<LongTaskRecord> {
  const loadAverage = loadavg()[0] as number;
  const context = await browser.newContext({ viewport: benchViewport });
  try {
    await context.addInitScript({ content: nameShim });
    await context.addInitScript(installLongTaskProbe);
    await context.addInitScript(installReadyProbe, bench.agentId);
    const page = await context.newPage();
    await page.goto(await bench.product.newAppLink(), { waitUntil: "commit" });
    await page.evaluate(awaitReady, 30_000);
    await page.locator(`a[href="/chat/${conversationId}"]`).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(1000);
    const { clickMs, openedMs } = await page.evaluate(openConversation, conversationId);
    await page.waitForTimeout(1000);
    const settledMs = await page.evaluate(pageNow);
    const fling = { pxPerFrame: 0, maxFrames: 20_000 };
    const up = await page.evaluate(scrollThrough, { towardsTop: true, ...fling });
    const down = await page.evaluate(scrollThrough, { towardsTop: false, ...fling });
    const wheel = await page.evaluate(scrollThrough, {
      towardsTop: true,
      pxPerFrame: scroll.wheelPxPerFrame,
      maxFrames: scroll.wheelFrames,
    });
    const tasks = await page.evaluate(longTasks);
    return {
      messages,
      trial,
      boot: tasksBetween(tasks, 0, clickMs),
      openMs: openedMs - clickMs,
      open: tasksBetween(tasks, clickMs, settledMs),
      scrollUp: {
        ...tasksBetween(tasks, up.startMs, up.endMs),
        frames: up.frames,
        longestFrameMs: up.longestFrameMs,
        durationMs: up.endMs - up.startMs,
      },
      scrollDown: {
        ...tasksBetween(tasks, down.startMs, down.endMs),
        frames: down.frames,
        longestFrameMs: down.longestFrameMs,
        durationMs: down.endMs - down.startMs,
      },
      wheelUp: {
        ...tasksBetween(tasks, wheel.startMs, wheel.endMs),
        frames: wheel.frames,
        longestFrameMs: wheel.longestFrameMs,
        durationMs: wheel.endMs - wheel.startMs,
      },
      scrollHeightPx: down.finalScrollHeight,
      loadAverage,
    };
  } finally {
    await context.close();
  }
}

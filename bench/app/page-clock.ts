import type { Page } from "playwright-core";
import { monotonicMs } from "../fanout/clock.ts";
import { pageNow } from "./page-probes.ts";

/** How to turn the page's `performance.now()` into the bench process's monotonic ms. */
export interface PageClock {
  /** page time − bench time. */
  offsetMs: number;
  /** Half the round trip of the best exchange: the offset is good to ± this. */
  uncertaintyMs: number;
  toBench(pageMs: number): number;
}

/**
 * A clock handshake (NTP's idea, on one machine): the bench reads its clock, asks the page for its
 * `performance.now()`, reads its clock again, and takes the page's reading to have happened midway. Of
 * `rounds` exchanges the one with the shortest round trip wins. Both clocks are monotonic clocks of this
 * machine, so the offset holds for the run; measuring it before and after a trial shows any drift.
 */
export async function syncPageClock(page: Page, rounds = 25): Promise<PageClock> {
  let best = { offsetMs: Number.NaN, uncertaintyMs: Number.POSITIVE_INFINITY };
  for (let round = 0; round < rounds; round++) {
    const before = monotonicMs();
    const inPage = await page.evaluate(pageNow);
    const after = monotonicMs();
    const uncertaintyMs = (after - before) / 2;
    if (uncertaintyMs < best.uncertaintyMs) best = { offsetMs: inPage - (before + after) / 2, uncertaintyMs };
  }
  const { offsetMs, uncertaintyMs } = best;
  return { offsetMs, uncertaintyMs, toBench: (pageMs) => pageMs - offsetMs };
}

import { loadavg } from "node:os";
import type { Browser, Page } from "playwright-core";
import { markerChunks, markerOf } from "../gateway/token-markers.ts";
import type { BenchProduct } from "./bench-product.ts";
import { benchViewport } from "./chromium.ts";
import { syncPageClock } from "./page-clock.ts";
import { armMarkerWatch, awaitReady, installReadyProbe, markersSeen, nameShim } from "./page-probes.ts";

/** One streamed answer: per chunk, the three spans the bench times (ms). */
export interface TokenTrialRecord {
  trial: number;
  /** Tap → the Node client of the gateway has the `text-delta` (the gateway-only path: the baseline). */
  gatewayMs: number[];
  /** Tap → the text is in the page's DOM. */
  pageMs: number[];
  /** Node client → page DOM, chunk by chunk: what the page adds to the gateway's path. */
  addedMs: number[];
  missing: number;
  clockUncertaintyMs: number;
  clockDriftMs: number;
  loadAverage: number;
}

export interface TokenOptions {
  trials: number;
  tokens: number;
  chunkDelayMs: number;
}

const composer = 'textarea[placeholder="Message the agent"]';

/**
 * Streams answers whose chunks carry unique markers from the stand-in (behind the tap, which notes when each
 * chunk goes to the gateway) while the App has the conversation open and a plain Node client of the gateway
 * is subscribed to the same run events. The page notes when each marker enters its DOM (a MutationObserver,
 * page clock), and a clock handshake before and after each answer puts that on the bench's clock. One
 * untimed answer first, so the first-use costs (the markdown chunk, the conversation's creation) are not counted.
 */
export async function measureTokensToDom(
  browser: Browser,
  bench: BenchProduct,
  options: TokenOptions,
  log: (line: string) => void,
): Promise<TokenTrialRecord[]> {
  const context = await browser.newContext({ viewport: benchViewport });
  try {
    await context.addInitScript({ content: nameShim });
    await context.addInitScript(installReadyProbe, bench.agentId);
    const page = await context.newPage();
    await page.goto(await bench.product.newAppLink());
    await page.evaluate(awaitReady, 30_000);
    const records: TokenTrialRecord[] = [];
    for (let trial = 0; trial <= options.trials; trial++) {
      const record = await streamedAnswer(page, bench, trial, options);
      if (trial === 0) {
        log(`[tokens] warm-up answer: ${record.pageMs.length} chunks in the page`);
        continue;
      }
      records.push(record);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      log(
        `[tokens ${trial}] ${record.pageMs.length} chunks: median tap → client ${median(record.gatewayMs)?.toFixed(2)} ms, ` +
          `tap → DOM ${median(record.pageMs)?.toFixed(2)} ms, added ${median(record.addedMs)?.toFixed(2)} ms ` +
          `(clock ± ${record.clockUncertaintyMs.toFixed(2)} ms, drift ${record.clockDriftMs.toFixed(3)} ms)` +
          (record.missing > 0 ? `, ${record.missing} missing` : ""),
      );
    }
    return records;
  } finally {
    await context.close();
  }
}

async function streamedAnswer(
  page: Page,
  bench: BenchProduct,
  trial: number,
  options: TokenOptions,
): Promise<TokenTrialRecord> {
  const chunks = markerChunks(trial, options.tokens);
  const markers = chunks.map(markerOf);
  bench.llm.reset();
  bench.llm.enqueue({ type: "text", text: chunks, chunkDelayMs: options.chunkDelayMs });
  const sent = bench.tap.watch(markers);
  const received = bench.runs.watch(markers);
  await page.evaluate(armMarkerWatch, markers);
  const before = await syncPageClock(page);
  const loadAverage = loadavg()[0] as number;
  await page.locator(composer).fill(`Stream number ${trial}, please`);
  await page.locator(composer).press("Enter");
  const seen = await page.evaluate(markersSeen);
  const runId = bench.runs.watchedRunId();
  if (!runId) throw new Error("no run carried the streamed answer's markers");
  const state = await bench.runs.untilEnded(runId);
  if (state !== "completed") throw new Error(`the streamed answer's run ended ${state}`);
  if (bench.llm.pending() !== 0)
    throw new Error("the streamed answer was not taken by the run's provider call");
  // The run has ended in the page too before the next answer is sent.
  await page.locator(`${composer}:not([aria-describedby])`).waitFor({ timeout: 30_000 });
  const after = await syncPageClock(page);
  bench.tap.watch([]);
  bench.runs.watch([]);

  const offsetMs = (before.offsetMs + after.offsetMs) / 2;
  const record: TokenTrialRecord = {
    trial,
    gatewayMs: [],
    pageMs: [],
    addedMs: [],
    missing: 0,
    clockUncertaintyMs: Math.max(before.uncertaintyMs, after.uncertaintyMs),
    clockDriftMs: after.offsetMs - before.offsetMs,
    loadAverage,
  };
  for (const marker of markers) {
    const tapAt = sent.get(marker);
    const clientAt = received.get(marker);
    const pageAt = seen[marker];
    if (tapAt === undefined || clientAt === undefined || pageAt === undefined) {
      record.missing += 1;
      continue;
    }
    const domAt = pageAt - offsetMs;
    record.gatewayMs.push(clientAt - tapAt);
    record.pageMs.push(domAt - tapAt);
    record.addedMs.push(domAt - clientAt);
  }
  return record;
}

import type { Browser } from "playwright-core";
import type { BenchProduct } from "./bench-product.ts";
import { benchViewport } from "./chromium.ts";
import {
  awaitReady,
  describeScreen,
  installReadyProbe,
  nameShim,
  navigationMilestones,
  scriptAndStyleResources,
} from "./page-probes.ts";

/** One cold launch of the App and, beside it, the browser's own floor on the same origin. */
export interface LaunchRecord {
  trial: number;
  /** Navigation start → the chat screen is interactive (see `installReadyProbe`). */
  interactiveMs: number;
  /** … → the next animation frame after that. */
  interactiveFrameMs: number;
  firstContentfulPaintMs: number;
  domContentLoadedMs: number;
  /** Script and CSS bytes the page had received when it became interactive (encoded bodies: as sent). */
  assetBytesBeforeInteractive: number;
  /** … and all it fetched by then or while finishing (the lazy Markdown chunk starts at once). */
  assetBytes: number;
  /** Those files: path, bytes, page time each arrived. */
  assets: Array<{ path: string; bytes: number; responseEndMs: number }>;
  /** Baseline: navigation start → load event of a static file of the same gateway, in its own fresh context. */
  staticPageLoadMs: number;
  loadAverage: number;
  /** Why the screen never became interactive within 30 s (then the times are NaN). */
  failure: string | null;
}

/**
 * A fresh browser context (empty cache, no cookies) opens a fresh one-time link, as `multiclaw app` hands one to
 * the browser; times come from the page's own clock (`performance.now()`, zero at navigation start). The
 * baseline is the same fresh context's cost for a static file the gateway serves (`/icon.svg`): connection,
 * response, parse and load — what any page from this origin costs before the App does anything. The two run in
 * alternating order, trial by trial.
 */
export async function measureLaunch(
  browser: Browser,
  bench: BenchProduct,
  trial: number,
  loadAverage: number,
): Promise<LaunchRecord> {
  const app = async () => {
    const link = await bench.product.newAppLink();
    const context = await browser.newContext({ viewport: benchViewport });
    try {
      await context.addInitScript({ content: nameShim });
      await context.addInitScript(installReadyProbe, bench.agentId);
      const page = await context.newPage();
      await page.goto(link, { waitUntil: "commit" });
      const ready = await page.evaluate(awaitReady, 30_000).catch(async (error: unknown) => {
        const screen = await page.evaluate(describeScreen, bench.agentId).catch(() => "(page gone)");
        return { failure: `${error instanceof Error ? error.message : String(error)}: ${screen}` };
      });
      if ("failure" in ready) return { failure: ready.failure };
      const milestones = await page.evaluate(navigationMilestones);
      return { ready, milestones, assets: await page.evaluate(scriptAndStyleResources) };
    } finally {
      await context.close();
    }
  };
  const staticPage = async () => {
    const context = await browser.newContext({ viewport: benchViewport });
    try {
      await context.addInitScript({ content: nameShim });
      const page = await context.newPage();
      await page.goto(`${bench.product.gatewayOrigin}/icon.svg`, { waitUntil: "load" });
      return (await page.evaluate(navigationMilestones)).loadMs;
    } finally {
      await context.close();
    }
  };
  let baseline: number;
  let ours: Awaited<ReturnType<typeof app>>;
  if (trial % 2 === 1) {
    baseline = await staticPage();
    ours = await app();
  } else {
    ours = await app();
    baseline = await staticPage();
  }
  if ("failure" in ours)
    return {
      trial,
      interactiveMs: Number.NaN,
      interactiveFrameMs: Number.NaN,
      firstContentfulPaintMs: Number.NaN,
      domContentLoadedMs: Number.NaN,
      assetBytesBeforeInteractive: Number.NaN,
      assetBytes: Number.NaN,
      assets: [],
      staticPageLoadMs: baseline,
      loadAverage,
      failure: ours.failure ?? "not interactive",
    };
  const { ready, milestones, assets } = ours;
  return {
    trial,
    interactiveMs: ready.readyMs,
    interactiveFrameMs: ready.frameMs,
    firstContentfulPaintMs: milestones.firstContentfulPaintMs,
    domContentLoadedMs: milestones.domContentLoadedMs,
    assetBytesBeforeInteractive: assets
      .filter((asset) => asset.responseEndMs <= ready.readyMs)
      .reduce((sum, asset) => sum + asset.bytes, 0),
    assetBytes: assets.reduce((sum, asset) => sum + asset.bytes, 0),
    assets,
    staticPageLoadMs: baseline,
    loadAverage,
    failure: null,
  };
}

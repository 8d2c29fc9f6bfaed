/**
 * The App's benchmark (issue 20, "Measured"), each aim beside a baseline measured in the same run:
 *   1. size: JS and CSS the first screen loads, gzip and brotli, beside OpenClaw's Control UI (when installed);
 *   2. launch: a fresh one-time link in a cold browser context → an interactive chat screen, beside a static
 *      file of the same gateway in the same kind of context;
 *   3. tokens: a stand-in token → its text in the page's DOM, beside a plain WebSocket client of the gateway;
 *   4. long tasks: a 2,000-message conversation opened and scrolled, beside a 20-message one.
 * Against the real product: `npm start` on an empty data directory, the zero-latency LLM stand-in.
 * `npm run bench:app -- --help` lists the options; BENCHMARKS.md has the method and the figures.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Browser } from "playwright-core";
import { describeMachine } from "../fanout/machine.ts";
import { type BenchProduct, startBenchProduct } from "./bench-product.ts";
import { launchChromium } from "./chromium.ts";
import { measureFirstScreen } from "./first-screen-size.ts";
import { measureLaunch } from "./launch.ts";
import { measureLongTasks } from "./long-tasks.ts";
import { parseAppBenchOptions, usage } from "./options.ts";
import { seedConversation } from "./seed-conversation.ts";
import { type AppBenchFigures, formatAppTables } from "./table.ts";
import { measureTokensToDom } from "./token-to-dom.ts";

const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
const resultsDir = fileURLToPath(new URL("../.results/", import.meta.url));
const appDist = resolve(repositoryRoot, "apps/app/dist");
const openclawControlUi = resolve(
  repositoryRoot,
  "bench/.anchors/openclaw/node_modules/openclaw/dist/control-ui",
);
const log = (line: string) => console.log(line);
const load = () => Math.round((loadavg()[0] as number) * 100) / 100;

async function main(): Promise<void> {
  const options = parseAppBenchOptions(process.argv.slice(2));
  if (options === "help") {
    process.stdout.write(usage);
    return;
  }
  const machine = describeMachine();
  log(
    `app bench: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
      `load average ${machine.loadAverageAtStart.join(" ")}`,
  );
  const startedAt = new Date();
  const figures: AppBenchFigures = { sizes: [], launches: [], tokens: [], longTasks: [] };
  const wants = (part: (typeof options.parts)[number]) => options.parts.includes(part);

  if (wants("size")) {
    if (!existsSync(resolve(appDist, "index.html")))
      throw new Error("apps/app/dist is missing: npm run build:app");
    figures.sizes.push({ system: "multiclaw", size: await measureFirstScreen(appDist) });
    if (existsSync(resolve(openclawControlUi, "index.html")))
      figures.sizes.push({
        system: "openclaw control ui",
        size: await measureFirstScreen(openclawControlUi),
      });
    else log("OpenClaw's Control UI is not installed (bench/anchors/install-openclaw.sh): ours alone");
    for (const { system, size } of figures.sizes)
      log(
        `[size] ${system}: ${size.files.length} files, ${(size.total.bytes / 1000).toFixed(1)} kB raw, ` +
          `${(size.total.gzip / 1000).toFixed(1)} kB gzip, ${(size.total.brotli / 1000).toFixed(1)} kB brotli ` +
          `(${size.lazyChunks} lazy chunks not counted)`,
      );
  }

  if (wants("launch") || wants("tokens") || wants("long-tasks")) {
    // Both start at once; when one fails the other is still closed, or the product would keep the bench alive.
    const [product, chromium] = await Promise.allSettled([startBenchProduct(log), launchChromium()]);
    const bench: BenchProduct | null = product.status === "fulfilled" ? product.value : null;
    const browser: Browser | null = chromium.status === "fulfilled" ? chromium.value : null;
    try {
      if (product.status === "rejected") throw product.reason;
      if (chromium.status === "rejected") throw chromium.reason;
      await runInBrowser(bench as BenchProduct, browser as Browser, options, figures);
    } finally {
      await browser?.close();
      await bench?.close();
    }
  }

  const tables = formatAppTables(figures, options.messages);
  console.log(`\n${tables}\n`);
  console.log("Figures are min / median / max over the trials; ratios compare medians of this run.");
  const out = options.out
    ? resolve(options.out)
    : `${resultsDir}app-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`;
  await mkdir(dirname(out), { recursive: true });
  await writeFile(
    out,
    `${JSON.stringify({ startedAt, finishedAt: new Date(), loadAverageAtEnd: loadavg(), machine, options, figures, tables }, null, 1)}\n`,
  );
  console.log(`result written to ${out}`);
}

async function runInBrowser(
  bench: BenchProduct,
  browser: Browser,
  options: Exclude<ReturnType<typeof parseAppBenchOptions>, "help">,
  figures: AppBenchFigures,
): Promise<void> {
  const wants = (part: (typeof options.parts)[number]) => options.parts.includes(part);
  if (wants("launch")) {
    // One launch that is not counted: the gateway's first answers of these files and routes.
    await measureLaunch(browser, bench, 0, load());
    for (let trial = 1; trial <= options.launches; trial++) {
      const record = await measureLaunch(browser, bench, trial, load());
      figures.launches.push(record);
      if (record.failure) {
        log(`[launch ${trial}] not interactive: ${record.failure}`);
        continue;
      }
      log(
        `[launch ${trial}] interactive ${record.interactiveMs.toFixed(0)} ms (frame ${record.interactiveFrameMs.toFixed(0)}, ` +
          `FCP ${record.firstContentfulPaintMs.toFixed(0)}), static file ${record.staticPageLoadMs.toFixed(0)} ms, load ${record.loadAverage}`,
      );
      if (trial === 1)
        for (const asset of record.assets)
          log(
            `    ${asset.path} ${(asset.bytes / 1000).toFixed(1)} kB, arrived at ${asset.responseEndMs.toFixed(0)} ms`,
          );
    }
  }
  if (wants("tokens"))
    figures.tokens.push(
      ...(await measureTokensToDom(
        browser,
        bench,
        { trials: options.tokenTrials, tokens: options.tokens, chunkDelayMs: options.chunkDelayMs },
        log,
      )),
    );
  if (wants("long-tasks")) {
    const short = await seedConversation(bench, options.baselineMessages, log);
    const long = await seedConversation(bench, options.messages, log);
    for (let trial = 1; trial <= options.longTaskTrials; trial++) {
      const order: Array<[string, number]> =
        trial % 2 === 1
          ? [
              [short, options.baselineMessages],
              [long, options.messages],
            ]
          : [
              [long, options.messages],
              [short, options.baselineMessages],
            ];
      for (const [conversationId, messages] of order) {
        const record = await measureLongTasks(browser, bench, conversationId, messages, trial, {
          wheelPxPerFrame: options.wheelPxPerFrame,
          wheelFrames: options.wheelFrames,
        });
        figures.longTasks.push(record);
        log(
          `[long tasks ${messages} messages, ${trial}] boot: ${record.boot.count} over 50 ms (longest ${record.boot.longestMs.toFixed(0)} ms); ` +
            `open ${record.openMs.toFixed(0)} ms; over 50 ms: open ${record.open.count}, ` +
            `up ${record.scrollUp.count}, down ${record.scrollDown.count}; longest ` +
            `${Math.max(record.open.longestMs, record.scrollUp.longestMs, record.scrollDown.longestMs).toFixed(0)} ms; ` +
            `longest frame ${Math.max(record.scrollUp.longestFrameMs, record.scrollDown.longestFrameMs).toFixed(1)} ms ` +
            `(${record.scrollUp.frames} + ${record.scrollDown.frames} frames, ${record.scrollHeightPx} px); ` +
            `wheel up: ${record.wheelUp.count} over 50 ms (longest ${record.wheelUp.longestMs.toFixed(0)} ms, frame ${record.wheelUp.longestFrameMs.toFixed(1)} ms); load ${record.loadAverage.toFixed(2)}`,
        );
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});

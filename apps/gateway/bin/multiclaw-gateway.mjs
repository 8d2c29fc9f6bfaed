#!/usr/bin/env node
// @ts-check
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBundle } from "@multiclaw/bundle/launch";
import { applyNodeTunables } from "./node-tunables.mjs";

/*
 * The gateway process: what `multiclaw gateway start` (and `npm start`) runs in the background.
 *
 * It runs the gateway's bundle under plain Node — no TypeScript loader, and only the code a start needs is
 * parsed (the shared launcher of packages/bundle). When the bundle is missing or any file it was built from changed (an edit, `npm install`), it is
 * rebuilt first, in a child process so this one stays lean. If building fails the gateway still starts, from
 * its sources through tsx, slower, and the log says why.
 *
 * Whoever starts it adds the environment in process-env.json (the C library reads it before any JavaScript
 * runs, so it cannot be set from here): a fixed malloc mmap threshold, so the buffers a start and each turn
 * free go back to the system instead of staying in glibc's heap — 5–15 MiB less resident memory, no
 * measurable cost per turn. Decisions 0007 and 0009 and BENCHMARKS.md have the measurements.
 *
 * Tunables for one Node major only (node-tunables.mjs: on Node 24, V8 options and a smaller malloc mmap
 * threshold, so it idles under 80 MB as Node 20 does) are applied first, by replacing this process once with
 * a Node that has them (same pid); MULTICLAW_GATEWAY_NODE_TUNABLES=off skips them. Decision 0012.
 *
 * MULTICLAW_GATEWAY_FROM_SOURCES=1 skips the bundle; MULTICLAW_GATEWAY_BUNDLE_DIR puts it elsewhere than
 * apps/gateway/dist (tests build into a directory of their own).
 */

applyNodeTunables();

const bundleDir =
  process.env.MULTICLAW_GATEWAY_BUNDLE_DIR || fileURLToPath(new URL("../dist", import.meta.url));

await launchBundle({
  name: "gateway",
  bundleDir,
  manifestPath: join(bundleDir, "gateway-bundle.json"),
  repositoryRoot: fileURLToPath(new URL("../../../", import.meta.url)),
  builder: fileURLToPath(new URL("../src/launch/build-bundle-main.ts", import.meta.url)),
  sources: fileURLToPath(new URL("../src/main.ts", import.meta.url)),
  fromSources: process.env.MULTICLAW_GATEWAY_FROM_SOURCES === "1",
});

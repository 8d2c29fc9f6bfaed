#!/usr/bin/env node
// @ts-check
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBundle } from "@multiclaw/bundle/launch";

/*
 * The Cloud process: what `multiclaw start` (and `npm start`) runs for its embedded Cloud, and what an
 * operator may run alone (`node apps/cloud/bin/multiclaw-cloud.mjs`).
 *
 * It runs the Cloud's bundle under plain Node, built on first start and whenever a file it was built from
 * changed; if building fails it runs the sources through tsx and stderr says why (packages/bundle, decisions
 * 0007 and 0011).
 *
 * MULTICLAW_CLOUD_FROM_SOURCES=1 skips the bundle; MULTICLAW_CLOUD_BUNDLE_DIR puts it elsewhere than
 * apps/cloud/dist (tests build into a directory of their own).
 */

const bundleDir =
  process.env.MULTICLAW_CLOUD_BUNDLE_DIR || fileURLToPath(new URL("../dist", import.meta.url));

await launchBundle({
  name: "cloud",
  bundleDir,
  manifestPath: join(bundleDir, "cloud-bundle.json"),
  repositoryRoot: fileURLToPath(new URL("../../../", import.meta.url)),
  builder: fileURLToPath(new URL("../src/launch/build-bundle-main.ts", import.meta.url)),
  sources: fileURLToPath(new URL("../src/main.ts", import.meta.url)),
  fromSources: process.env.MULTICLAW_CLOUD_FROM_SOURCES === "1",
});

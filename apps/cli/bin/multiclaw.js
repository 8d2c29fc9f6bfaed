#!/usr/bin/env node
// @ts-check
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { launchBundle } from "@multiclaw/bundle/launch";

/*
 * The `multiclaw` command. It runs the CLI's bundle under plain Node, built on first use and whenever a file it
 * was built from changed (`npm install` builds it ahead); if building fails it runs the TypeScript sources
 * through tsx and stderr says why (packages/bundle, decisions 0007 and 0011).
 *
 * MULTICLAW_CLI_FROM_SOURCES=1 skips the bundle; MULTICLAW_CLI_BUNDLE_DIR puts it elsewhere than apps/cli/dist.
 */

const bundleDir = process.env.MULTICLAW_CLI_BUNDLE_DIR || fileURLToPath(new URL("../dist", import.meta.url));

await launchBundle({
  name: "cli",
  bundleDir,
  manifestPath: join(bundleDir, "cli-bundle.json"),
  repositoryRoot: fileURLToPath(new URL("../../../", import.meta.url)),
  builder: fileURLToPath(new URL("../src/launch/build-bundle-main.ts", import.meta.url)),
  sources: fileURLToPath(new URL("../src/main.ts", import.meta.url)),
  fromSources: process.env.MULTICLAW_CLI_FROM_SOURCES === "1",
});

/**
 * Cloud benchmark: the Cloud's start (spawn → /readyz ready) and idle memory (process tree RSS after
 * `--idle-seconds`), as a bundle under plain Node and through tsx (the baseline) in the same run, on PGlite
 * (an empty data directory — from the migrated template, and without it — and an existing one) and on
 * PostgreSQL (a fresh database); then `npm start` to "MultiClaw is running" on an empty and an existing
 * MULTICLAW_HOME, now and as before (the Cloud through tsx, no template). Variants are interleaved round by
 * round. `npx tsx bench/cloud/run.ts --help` lists the options; BENCHMARKS.md has the method and the figures.
 */

import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { currentBundle } from "@multiclaw/bundle/current-bundle";
import { defaultTemplateCacheDir, pgliteTemplate } from "../../apps/cloud/src/db/pglite-template.ts";
import {
  buildCloudBundle,
  defaultBundleDir,
  manifestName,
} from "../../apps/cloud/src/launch/build-bundle.ts";
import { describeMachine, waitForQuiet } from "../fanout/machine.ts";
import { type CloudStartRecord, measureCloudStart } from "./cloud-start.ts";
import { variantName, variants } from "./cloud-variants.ts";
import { measureNpmStart, type NpmStartRecord } from "./npm-start.ts";
import { parseCloudBenchOptions, usage } from "./options.ts";
import { formatCloudTables } from "./table.ts";

const resultsDir = fileURLToPath(new URL("../.results/", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));
const log = (line: string) => console.log(line);
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

const options = parseCloudBenchOptions(process.argv.slice(2));
if (options === "help") {
  process.stdout.write(usage);
  process.exit(0);
}

const machine = describeMachine();
log(
  `machine: ${machine.cores} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(" ")}`,
);

// What `npm install` makes (the root `prepare` script): the bundle and the template are there before a start.
if ("stale" in currentBundle(join(defaultBundleDir(), manifestName), repositoryRoot))
  await buildCloudBundle();
const cacheDir = defaultTemplateCacheDir();
if (!cacheDir) throw new Error("MULTICLAW_PGLITE_TEMPLATES=off: unset it to measure the template");
await pgliteTemplate({ cacheDir });

const scratch = await mkdtemp(join(tmpdir(), "multiclaw-cloud-bench-homes-"));
try {
  // An existing data directory: made by one start that is not measured.
  const existingHome = join(scratch, "existing");
  await mkdir(existingHome, { recursive: true });
  await measureCloudStart({ launch: "bundle", storage: "pglite-existing" }, 0, {
    idleSeconds: 0,
    postgresUrl: options.postgresUrl,
    existingHome,
  });

  const starts: CloudStartRecord[] = [];
  for (let trial = 1; options.cloudStarts && trial <= options.runs; trial++) {
    for (const variant of variants) {
      await waitForQuiet(options.maxLoad, log);
      const record = await measureCloudStart(variant, trial, {
        idleSeconds: options.idleSeconds,
        postgresUrl: options.postgresUrl,
        existingHome,
      });
      starts.push(record);
      log(
        `[${variantName(variant)} ${trial}] ready ${record.readyMs.toFixed(0)} ms (port open ${record.listeningMs.toFixed(0)} ms); ` +
          `after ${options.idleSeconds} s idle RSS ${mib(record.idle.treeBytes)} (${record.idle.processes} processes)`,
      );
      for (const member of record.idle.members.slice(1)) log(`    + ${mib(member.bytes)} ${member.command}`);
    }
  }

  const npm: NpmStartRecord[] = [];
  if (options.npmStart) {
    // A failing `npm start` (a broken checkout) is reported; the Cloud's figures above are still written.
    await measureNpmStarts(scratch, npm).catch((error: unknown) => {
      log(`npm start could not be measured: ${error instanceof Error ? error.message : error}`);
    });
  }

  const tables = formatCloudTables(starts, npm);
  log(`\n${tables}\n`);
  await mkdir(resultsDir, { recursive: true });
  const file = join(resultsDir, `cloud-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  await writeFile(file, `${JSON.stringify({ machine, options, starts, npm, tables }, null, 1)}\n`);
  log(`figures: ${file}`);
} finally {
  await rm(scratch, { recursive: true, force: true });
}

/** `npm start` now and as before, on an empty and an existing MULTICLAW_HOME, interleaved round by round. */
async function measureNpmStarts(scratch: string, npm: NpmStartRecord[]): Promise<void> {
  if (options === "help") return;
  const before = { MULTICLAW_CLOUD_FROM_SOURCES: "1", MULTICLAW_PGLITE_TEMPLATES: "off" };
  const existing = { now: join(scratch, "npm-existing"), before: join(scratch, "npm-existing-before") };
  // The existing homes: one start each that is not measured (it makes the database and signs the gateway in).
  await measureNpmStart("setup", 0, existing.now);
  await measureNpmStart("setup", 0, existing.before, before);
  for (let trial = 1; trial <= options.runs; trial++) {
    const runs: Array<[string, string, Record<string, string>]> = [
      [
        "empty MULTICLAW_HOME, before (Cloud through tsx, no template)",
        await mkdtemp(join(scratch, "npm-")),
        before,
      ],
      ["empty MULTICLAW_HOME", await mkdtemp(join(scratch, "npm-")), {}],
      ["existing MULTICLAW_HOME, before (Cloud through tsx)", existing.before, before],
      ["existing MULTICLAW_HOME", existing.now, {}],
    ];
    for (const [name, home, env] of runs) {
      await waitForQuiet(options.maxLoad, log);
      const record = await measureNpmStart(name, trial, home, env);
      npm.push(record);
      log(
        `[npm start · ${name} ${trial}] CLI started ${record.cliStartedMs.toFixed(0)} ms, Cloud ready ` +
          `${record.cloudReadyMs.toFixed(0)} ms, running ${record.runningMs.toFixed(0)} ms`,
      );
    }
  }
}

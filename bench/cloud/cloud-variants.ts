import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/*
 * The ways of running one Cloud that the benchmark compares: how it is launched (its bundle under plain Node, or
 * its sources through tsx as `multiclaw start` did before) × what it stores in.
 */

export type Launch = "bundle" | "tsx";

export type Storage =
  /** PGlite in a data directory that does not exist yet (the first start of a new MULTICLAW_HOME). */
  | "pglite-empty"
  /** …the same, with the migrated template switched off: initdb and every migration, as before decision 0011. */
  | "pglite-empty-no-template"
  /** PGlite in a data directory an earlier start made. */
  | "pglite-existing"
  /** A fresh database on the PostgreSQL server (migrations to run, no initdb). */
  | "postgres";

export interface Variant {
  launch: Launch;
  storage: Storage;
}

export const variantName = (variant: Variant) => `${variant.launch} · ${variant.storage}`;

/** Every variant, in the order a round runs them: each bundle variant right after its tsx baseline. */
export const variants: readonly Variant[] = [
  { launch: "tsx", storage: "pglite-empty-no-template" },
  { launch: "tsx", storage: "pglite-empty" },
  { launch: "bundle", storage: "pglite-empty" },
  { launch: "tsx", storage: "pglite-existing" },
  { launch: "bundle", storage: "pglite-existing" },
  { launch: "tsx", storage: "postgres" },
  { launch: "bundle", storage: "postgres" },
];

/**
 * The variant a figure is compared with: for a bundle, the same storage through tsx; for the template through
 * tsx, no template through tsx.
 */
export function baselineOf(variant: Variant): Variant | undefined {
  if (variant.launch === "bundle") return { launch: "tsx", storage: variant.storage };
  if (variant.storage === "pglite-empty") return { launch: "tsx", storage: "pglite-empty-no-template" };
  return undefined;
}

const bundleLauncher = fileURLToPath(new URL("../../apps/cloud/bin/multiclaw-cloud.mjs", import.meta.url));
const cloudMain = fileURLToPath(new URL("../../apps/cloud/src/main.ts", import.meta.url));

/** The Cloud's own settings only: nothing of the bench's environment leaks into what is measured. */
export function cloudEnvironment(settings: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...settings };
}

/** Spawns a Cloud the way `variant` runs it. */
export function spawnCloud(variant: Variant, env: NodeJS.ProcessEnv): ChildProcess {
  const args =
    variant.launch === "bundle"
      ? [bundleLauncher]
      : // What apps/cli/src/embedded/cloud-process.ts ran before the bundle.
        ["--import", import.meta.resolve("tsx"), cloudMain];
  return spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
}

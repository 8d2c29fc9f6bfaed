import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { currentBundle } from "@multiclaw/bundle/current-bundle";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase, testStorage } from "../testing/test-database.ts";
import { type BuiltBundle, buildCloudBundle } from "./build-bundle.ts";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
const launcher = fileURLToPath(new URL("../../bin/multiclaw-cloud.mjs", import.meta.url));

describe("the Cloud bundle", () => {
  let dir: string;
  let manifestPath: string;
  let metafile: BuiltBundle["metafile"];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "multiclaw-cloud-bundle-"));
    ({ manifestPath, metafile } = await buildCloudBundle({ outDir: dir }));
  }, 120_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is current right after a build, and names the Cloud's sources and the lockfile among its inputs", () => {
    expect("entry" in currentBundle(manifestPath, repositoryRoot)).toBe(true);
    const { inputs } = JSON.parse(readFileSync(manifestPath, "utf8")) as { inputs: Record<string, unknown> };
    expect(inputs).toHaveProperty(["apps/cloud/src/main.ts"]);
    expect(inputs).toHaveProperty(["apps/cloud/src/db/migrations/0001-initial.ts"]);
    expect(inputs).toHaveProperty(["package-lock.json"]);
  });

  it("imports PGlite and the argon2 addon from node_modules by absolute URL, not bundled", () => {
    const external = Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((imported) => imported.external).map((imported) => imported.path),
    );
    const pglite = new URL("node_modules/@electric-sql/pglite/dist/index.js", `file://${repositoryRoot}`)
      .href;
    expect(external).toContain(pglite);
    expect(external.some((path) => path.startsWith("file://") && path.includes("/@node-rs/argon2/"))).toBe(
      true,
    );
    const bundled = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(bundled.filter((input) => input.includes("@electric-sql/pglite"))).toEqual([]);
  });
});

describe("the Cloud launcher (bin/multiclaw-cloud.mjs)", () => {
  const started: ChildProcess[] = [];
  const dirs: string[] = [];
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    // On PostgreSQL, each Cloud gets that test database; on PGlite, an empty data directory of its own.
    if (testStorage() === "postgres") database = await openTestDatabase("postgres");
  });

  afterAll(async () => {
    for (const child of started) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(started.map((child) => child.exitCode ?? new Promise((r) => child.once("exit", r))));
    await database?.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function launch(env: Record<string, string>) {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-cloud-launch-"));
    dirs.push(home);
    const child = spawn(process.execPath, [launcher], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: home,
        MULTICLAW_HOME: home,
        MULTICLAW_CLOUD_PORT: "0",
        MULTICLAW_LOG_LEVEL: "warn",
        ...(database?.url ? { DATABASE_URL: database.url } : {}),
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    started.push(child);
    let output = "";
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /running at (\S+)/.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("exit", (code) => reject(new Error(`the Cloud exited with ${code}:\n${output}`)));
    });
    return { url, pid: child.pid as number, output: () => output };
  }

  it("builds a missing bundle first, then runs it under plain Node in the one process", async () => {
    const bundleDir = await mkdtemp(join(tmpdir(), "multiclaw-cloud-bundle-"));
    dirs.push(bundleDir);
    const cloud = await launch({ MULTICLAW_CLOUD_BUNDLE_DIR: bundleDir });
    expect(cloud.output()).toContain("cloud bundle: not built yet; building it");
    expect(existsSync(join(bundleDir, "cloud-bundle.json"))).toBe(true);
    expect(await (await fetch(`${cloud.url}/readyz`)).json()).toMatchObject({ status: "ready" });
    // The web console's files are found from the bundle too.
    const page = await fetch(`${cloud.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<!doctype html>");
    expect((await fetch(`${cloud.url}/assets/console.js`)).status).toBe(200);
    // The bundle, not the fallback: no TypeScript loader in the Cloud's process.
    expect(cloud.output()).not.toContain("running from sources");
    expect(readFileSync(`/proc/${cloud.pid}/cmdline`, "utf8")).not.toContain("tsx");
  }, 180_000);

  it("runs from the sources through tsx when asked to", async () => {
    const cloud = await launch({ MULTICLAW_CLOUD_FROM_SOURCES: "1" });
    expect(cloud.output()).toContain("cloud: running from sources through tsx");
    expect((await fetch(`${cloud.url}/readyz`)).status).toBe(200);
  }, 180_000);
});

import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { isBuiltin } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { currentBundle } from "../../bin/current-bundle.mjs";
import { tunablesByMajor, tunedRelaunch } from "../../bin/node-tunables.mjs";
import { closedPort } from "../testing/closed-port.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { type BundleManifest, buildGatewayBundle } from "./build-bundle.ts";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe("the gateway bundle", () => {
  let dir: string;
  let manifestPath: string;
  let metafile: Metafile;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "multiclaw-bundle-"));
    // Two builds at once into one directory, as two gateways starting together would do.
    const [first, second] = await Promise.all([
      buildGatewayBundle({ outDir: dir }),
      buildGatewayBundle({ outDir: dir }),
    ]);
    expect(first.manifestPath).toBe(second.manifestPath);
    manifestPath = first.manifestPath;
    metafile = first.metafile;
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("is current right after a build, and names every input with its version", () => {
    const bundle = currentBundle(manifestPath, repositoryRoot);
    expect("entry" in bundle && bundle.entry.startsWith(dir)).toBe(true);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BundleManifest;
    expect(manifest.inputs["apps/gateway/src/main.ts"]?.size).toBeGreaterThan(0);
    expect(manifest.inputs["package-lock.json"]?.size).toBeGreaterThan(0);
    expect(Object.keys(manifest.inputs).some((path) => path.startsWith("node_modules/zod/"))).toBe(true);
  });

  it("leaves no half-written file behind when builds race", () => {
    expect(filesUnder(dir).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });

  it("keeps the AI SDK, the vendors' SDKs, the MCP SDK and the HTML reader out of what a start loads", () => {
    const outputs = metafile.outputs;
    const entry = Object.keys(outputs).find(
      (path) => outputs[path]?.entryPoint === "apps/gateway/src/main.ts",
    );
    // The entry and what it imports statically, chunk by chunk: what a start parses. `import()` stays lazy.
    const loaded = new Set<string>();
    const pending = entry ? [entry] : [];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (loaded.has(file)) continue;
      loaded.add(file);
      for (const imported of outputs[file]?.imports ?? []) {
        if (imported.kind === "import-statement" && !imported.external) pending.push(imported.path);
      }
    }
    const startInputs = [...loaded].flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));
    expect(startInputs).toContain("apps/gateway/src/gateway.ts");
    expect(startInputs.some((input) => input.startsWith("node_modules/zod/"))).toBe(true);
    for (const lazy of [
      "node_modules/ai/",
      "node_modules/@ai-sdk/anthropic/",
      "node_modules/@ai-sdk/google/",
      "node_modules/@ai-sdk/openai/",
      "node_modules/@ai-sdk/openai-compatible/",
      "node_modules/@modelcontextprotocol/sdk/",
      "node_modules/ajv/",
      "node_modules/linkedom/",
      "node_modules/@mozilla/readability/",
    ]) {
      expect(
        startInputs.filter((input) => input.startsWith(lazy)),
        lazy,
      ).toEqual([]);
      // …and each is in the bundle, in a chunk of its own to load on first use.
      expect(
        Object.values(outputs).some((output) =>
          Object.keys(output.inputs).some((input) => input.startsWith(lazy)),
        ),
        lazy,
      ).toBe(true);
    }
  });

  it("reaches Node's built-ins through require(), never by an ES import that would run their lazy getters", () => {
    const builtinImports = Object.values(metafile.outputs).flatMap((output) =>
      output.imports.filter((imported) => imported.external && isBuiltin(imported.path)),
    );
    expect(builtinImports.map((imported) => imported.path)).toContain("node:http");
    expect(builtinImports.filter((imported) => imported.kind === "import-statement")).toEqual([]);
  });

  it("is stale when an input changed, went missing, or the entry is gone", () => {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as BundleManifest;
    const write = (changed: BundleManifest) => {
      const path = join(dir, "changed.json");
      writeFileSync(path, JSON.stringify(changed));
      return currentBundle(path, repositoryRoot);
    };
    const main = manifest.inputs["apps/gateway/src/main.ts"] as { mtimeMs: number; size: number };
    expect(
      write({
        ...manifest,
        inputs: { ...manifest.inputs, "apps/gateway/src/main.ts": { ...main, size: 1 } },
      }),
    ).toEqual({ stale: "apps/gateway/src/main.ts changed" });
    expect(
      write({
        ...manifest,
        inputs: { ...manifest.inputs, "apps/gateway/src/main.ts": { ...main, mtimeMs: main.mtimeMs - 1 } },
      }),
    ).toEqual({ stale: "apps/gateway/src/main.ts changed" });
    expect(write({ ...manifest, inputs: { "apps/gateway/src/gone.ts": main } })).toEqual({
      stale: "apps/gateway/src/gone.ts is gone",
    });
    expect(write({ ...manifest, entry: "main-MISSING.js" })).toEqual({ stale: "main-MISSING.js is missing" });
    expect(currentBundle(join(dir, "none.json"), repositoryRoot)).toEqual({ stale: "not built yet" });
  });
});

describe("the gateway's per-Node-major tunables (bin/node-tunables.mjs)", () => {
  const start = {
    execPath: "/opt/node/bin/node",
    execArgv: ["--require", "/tmp/probe.cjs"],
    argv: ["/opt/node/bin/node", "/repo/apps/gateway/bin/multiclaw-gateway.mjs", "--flag"],
    env: { MALLOC_MMAP_THRESHOLD_: "131072", HOME: "/home/u", UNSET: undefined },
  };

  it("on Node 24: the V8 options first, the start's own Node options and arguments kept, a 32 KiB mmap threshold", () => {
    expect(tunedRelaunch({ ...start, nodeVersion: "24.21.0" })).toEqual({
      file: "/opt/node/bin/node",
      args: [
        "/opt/node/bin/node",
        "--no-maglev",
        "--no-turbofan",
        "--liftoff-only",
        "--optimize-for-size",
        "--v8-pool-size=1",
        "--single-threaded-gc",
        "--require",
        "/tmp/probe.cjs",
        "/repo/apps/gateway/bin/multiclaw-gateway.mjs",
        "--flag",
      ],
      env: { MALLOC_MMAP_THRESHOLD_: "32768", HOME: "/home/u" },
    });
  });

  it("does nothing on Node 20 or an unmeasured major, once applied (no exec loop), or when switched off", () => {
    expect(tunedRelaunch({ ...start, nodeVersion: "20.20.2" })).toBeUndefined();
    expect(tunedRelaunch({ ...start, nodeVersion: "22.12.0" })).toBeUndefined();
    expect(tunedRelaunch({ ...start, nodeVersion: "26.0.0" })).toBeUndefined();
    const applied = tunedRelaunch({ ...start, nodeVersion: "24.21.0" });
    expect(
      tunedRelaunch({
        nodeVersion: "24.21.0",
        execPath: start.execPath,
        execArgv: applied?.args.slice(1, -2) ?? [],
        argv: start.argv,
        env: applied?.env ?? {},
      }),
    ).toBeUndefined();
    expect(
      tunedRelaunch({ ...start, nodeVersion: "24.21.0", env: { MULTICLAW_GATEWAY_NODE_TUNABLES: "off" } }),
    ).toBeUndefined();
  });
});

describe("the gateway launcher (bin/multiclaw-gateway.mjs)", () => {
  const started: GatewayProcess[] = [];
  const dirs: string[] = [];

  afterAll(async () => {
    await Promise.all(started.map((gateway) => gateway.kill("SIGTERM")));
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  async function launch(env: Record<string, string>): Promise<GatewayProcess> {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-launch-"));
    dirs.push(home);
    const cloudUrl = `http://127.0.0.1:${await closedPort()}`;
    const gateway = await spawnGatewayProcess({ home, cloudUrl, env });
    started.push(gateway);
    return gateway;
  }

  it("builds a missing bundle first, then runs it under plain Node in the one process", async () => {
    const bundleDir = await mkdtemp(join(tmpdir(), "multiclaw-bundle-"));
    dirs.push(bundleDir);
    const gateway = await launch({ MULTICLAW_GATEWAY_BUNDLE_DIR: bundleDir });
    expect(gateway.output()).toContain("gateway bundle: not built yet; building it");
    expect(existsSync(join(bundleDir, "gateway-bundle.json"))).toBe(true);
    expect((await gateway.client.status()).signedIn).toBeNull();
    // The bundle, not the fallback: no TypeScript loader in the gateway process.
    expect(gateway.output()).not.toContain("running from sources");
    expect(readFileSync(`/proc/${gateway.pid}/cmdline`, "utf8")).not.toContain("tsx");
  }, 60_000);

  it("runs with its Node major's tunables (decision 0012): on Node 24 exec'd once with them, same pid", async () => {
    const gateway = await launch({});
    const cmdline = readFileSync(`/proc/${gateway.pid}/cmdline`, "utf8").split("\0");
    const environ = readFileSync(`/proc/${gateway.pid}/environ`, "utf8").split("\0");
    const tunables = tunablesByMajor[Number.parseInt(process.versions.node, 10)];
    if (tunables) {
      // The process the test spawned (its pid) is now Node with the options, before the launcher's path.
      expect(cmdline.slice(1, 1 + tunables.args.length)).toEqual(tunables.args);
      for (const [name, value] of Object.entries(tunables.env)) expect(environ).toContain(`${name}=${value}`);
    } else {
      // Node 20 and the majors not measured: exactly what the spawner asked for.
      expect(cmdline.slice(1, 2)).toEqual([
        fileURLToPath(new URL("../../bin/multiclaw-gateway.mjs", import.meta.url)),
      ]);
      expect(environ).toContain("MALLOC_MMAP_THRESHOLD_=131072");
    }
    expect((await gateway.client.status()).signedIn).toBeNull();
  }, 60_000);

  it("runs from the sources through tsx when asked to", async () => {
    const gateway = await launch({ MULTICLAW_GATEWAY_FROM_SOURCES: "1" });
    expect(gateway.output()).toContain("gateway: running from sources through tsx");
    expect((await gateway.client.status()).signedIn).toBeNull();
  }, 60_000);
});

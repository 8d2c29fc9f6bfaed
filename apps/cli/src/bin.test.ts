import { execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { alive } from "./gateway-process.ts";
import { closedPort, emptyHome } from "./testing/cli-harness.ts";

const bin = fileURLToPath(new URL("../bin/multiclaw.js", import.meta.url));
const run = promisify(execFile);

describe("bin/multiclaw.js", () => {
  it("runs as a real process: --version and --help", async () => {
    const manifest = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    const [version, help] = await Promise.all([
      run(process.execPath, [bin, "--version"], { env: { ...process.env, NO_COLOR: "1" } }),
      run(process.execPath, [bin, "--help"], { env: { ...process.env, NO_COLOR: "1" } }),
    ]);
    expect(version.stdout).toBe(`${manifest.version}\n`);
    expect(help.stdout).toMatch(/^Usage: multiclaw \[options\] \[command\]/);
    expect(help.stdout).toContain("chat [options] <agent> [message...]");
  });

  it("`start` stops the gateway and the Cloud it started when it gets SIGTERM", {
    timeout: 90_000,
  }, async () => {
    const home = await emptyHome();
    const child = spawn(process.execPath, [bin, "start"], {
      env: {
        PATH: process.env.PATH,
        NO_COLOR: "1",
        MULTICLAW_HOME: home.home,
        MULTICLAW_CLOUD_PORT: String(await closedPort()),
        MULTICLAW_GATEWAY_PORT: String(await closedPort()),
        // A start that got as far as opening the App would pop a real browser window on this machine.
        MULTICLAW_NO_OPEN: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 80_000;
      while (!output.includes("MultiClaw is running") && child.exitCode === null && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(output).toContain("MultiClaw is running");
      const gatewayPid = Number(/local API, pid (\d+)/.exec(output)?.[1]);
      expect(alive(gatewayPid)).toBe(true);

      child.kill("SIGTERM");
      await exited;
      expect(alive(gatewayPid)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
      await home.remove();
    }
  });
});

import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

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
});

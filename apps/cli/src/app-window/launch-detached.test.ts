import type { ChildProcess, SpawnOptions } from "node:child_process";
import { EventEmitter } from "node:events";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDetachedLauncher } from "./launch-detached.ts";

let root: string;
const started: number[] = [];
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "multiclaw-launch-"));
});
afterEach(async () => {
  for (const group of started.splice(0)) {
    try {
      process.kill(-group, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await rm(root, { recursive: true, force: true });
});

async function script(name: string, body: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, `#!/bin/sh\n${body}\n`);
  await chmod(path, 0o755);
  return path;
}

async function waitForFile(path: string): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = await readFile(path, "utf8").catch(() => "");
    if (text.endsWith("end\n") || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the detached launcher", () => {
  it("starts the program in a process group of its own with exactly the arguments given", async () => {
    const record = join(root, "record");
    // pid, the process group (field 5 of /proc/self/stat), what its stderr is, then each argument on a line.
    const browser = await script(
      "browser",
      `{ echo $$; cut -d' ' -f5 /proc/$$/stat; readlink /proc/$$/fd/2; for arg in "$@"; do echo "$arg"; done; ` +
        `echo end; } > "${record}"\nexec sleep 30`,
    );
    const launch = createDetachedLauncher({ settleMs: 300 });
    const result = await launch({
      program: browser,
      args: ["--app=http://127.0.0.1:4801/#code=abc", "two words"],
      env: { PATH: "/usr/bin:/bin" },
    });
    expect(result).toEqual({ started: true });
    const [pid, group, stderr, ...args] = (await waitForFile(record)).trimEnd().split("\n");
    started.push(Number(group));
    expect(group).toBe(pid);
    // Nothing ties it to this terminal: closing it leaves the window open.
    expect(stderr).toBe("/dev/null");
    expect(Number(group)).not.toBe(process.pid);
    expect(args).toEqual(["--app=http://127.0.0.1:4801/#code=abc", "two words", "end"]);
  });

  it("calls a program that hands over and exits 0 at once started", async () => {
    const launch = createDetachedLauncher({ settleMs: 10_000 });
    const begun = Date.now();
    expect(await launch({ program: await script("xdg-open", "exit 0"), args: [], env: {} })).toEqual({
      started: true,
    });
    expect(Date.now() - begun).toBeLessThan(5000);
  });

  it("says why when the program fails at once, without its arguments", async () => {
    const launch = createDetachedLauncher({ settleMs: 10_000 });
    const failing = await script("chromium", "exit 3");
    const result = await launch({ program: failing, args: ["--app=http://x/#code=secret"], env: {} });
    expect(result).toEqual({ started: false, why: `${failing} exited with code 3` });
  });

  it("says why when the program cannot be started at all", async () => {
    const launch = createDetachedLauncher({ settleMs: 10_000 });
    const missing = join(root, "missing");
    expect(await launch({ program: missing, args: [], env: {} })).toEqual({
      started: false,
      why: `${missing} was not found`,
    });
    const notRunnable = join(root, "not-runnable");
    await writeFile(notRunnable, "#!/bin/sh\n");
    expect(await launch({ program: notRunnable, args: [], env: {} })).toEqual({
      started: false,
      why: `${notRunnable} may not be run (permission denied)`,
    });
  });

  it("runs cmd's start on Windows with its arguments as written and no console window", async () => {
    const calls: Array<{ program: string; args: readonly string[]; options: SpawnOptions }> = [];
    const launch = createDetachedLauncher({
      settleMs: 10,
      spawn: (program, args, options) => {
        calls.push({ program, args, options });
        return Object.assign(new EventEmitter(), { unref: () => undefined }) as unknown as ChildProcess;
      },
    });
    const cmd = "C:\\Windows\\System32\\cmd.exe";
    const args = ["/d", "/c", "start", '""', "http://127.0.0.1:4801/#code=abc"];
    expect(await launch({ program: cmd, args, env: {}, throughCmd: true })).toEqual({ started: true });
    expect(await launch({ program: "C:\\Chrome\\chrome.exe", args: ["--app=x"], env: {} })).toEqual({
      started: true,
    });
    expect(calls.map((call) => [call.program, call.args, call.options])).toEqual([
      [
        cmd,
        args,
        { detached: true, stdio: "ignore", env: {}, windowsVerbatimArguments: true, windowsHide: true },
      ],
      [
        "C:\\Chrome\\chrome.exe",
        ["--app=x"],
        { detached: true, stdio: "ignore", env: {}, windowsVerbatimArguments: false, windowsHide: false },
      ],
    ]);
  });
});

import { mkdtemp, readFile, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createShellRunTool } from "./shell-run.ts";
import { callTool, outputOf } from "./test-tool-call.ts";

let workspace: string;

beforeEach(async () => {
  workspace = await realpath(await mkdtemp(join(tmpdir(), "agent-shell-")));
});

afterEach(async () => {
  await rm(workspace, { recursive: true, force: true });
});

/** Whether a process has ended (a zombie counts: it runs nothing), waiting briefly for it. */
async function isGone(pid: number): Promise<boolean> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      process.kill(pid, 0);
      // Some containers' init never reaps orphans; on Linux, field 3 of /proc/<pid>/stat is the state.
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
      if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return true;
    } catch {
      return true;
    }
    await sleep(20);
  }
  return false;
}

describe("shell.run", () => {
  it("always needs approval", () => {
    expect(createShellRunTool({ workspaceDir: workspace }).alwaysNeedsApproval).toBe(true);
  });

  it("runs in the workspace and reports the exit code and both streams", async () => {
    const tool = createShellRunTool({ workspaceDir: workspace });
    const result = await callTool(tool, { command: "pwd; echo oops >&2; exit 3" });
    expect(outputOf(result)).toBe(`exit code 3\nstdout:\n${workspace}\n\nstderr:\noops\n`);
  });

  it("gives the child an allow-listed environment, never the gateway's secrets", async () => {
    process.env.MULTICLAW_TEST_CANARY = "canary-7f3a9d";
    process.env.OPENAI_API_KEY = "sk-canary-should-not-leak";
    try {
      const tool = createShellRunTool({ workspaceDir: workspace });
      const output = outputOf(await callTool(tool, { command: "env" }));
      expect(output).not.toContain("canary");
      expect(output).not.toContain("OPENAI_API_KEY");
      const names = output
        .split("\n")
        .filter((line) => line.includes("="))
        .map((line) => line.slice(0, line.indexOf("=")));
      // The shell adds PWD (and sometimes SHLVL/_) itself; everything else comes from the allow-list.
      const allowed = [
        "PATH",
        "HOME",
        "USER",
        "LOGNAME",
        "SHELL",
        "LANG",
        "LC_ALL",
        "LC_CTYPE",
        "TERM",
        "TZ",
      ];
      expect(names.filter((name) => ![...allowed, "TMPDIR", "PWD", "SHLVL", "_"].includes(name))).toEqual([]);
      expect(names).toContain("PATH");
    } finally {
      delete process.env.MULTICLAW_TEST_CANARY;
      delete process.env.OPENAI_API_KEY;
    }
  });

  it("stops the command and every process it started when the timeout passes", async () => {
    // Long enough for the shell to get going on a busy machine.
    const tool = createShellRunTool({ workspaceDir: workspace, defaultTimeoutMs: 1500, killGraceMs: 200 });
    const result = await callTool(tool, {
      command: "sleep 30 & echo $! > child.pid; echo started; sleep 30",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe("TOOL_TIMEOUT");
    expect(!result.ok && result.error.message).toBe(
      "timed out after 1.5 s; the command and everything it started were stopped\nstdout:\nstarted\n",
    );
    const child = Number(await readFile(join(workspace, "child.pid"), "utf8"));
    expect(await isGone(child)).toBe(true);
  });

  it("kills a command that ignores SIGTERM after the grace period", async () => {
    const tool = createShellRunTool({ workspaceDir: workspace, defaultTimeoutMs: 1000, killGraceMs: 200 });
    const result = await callTool(tool, {
      command: "trap '' TERM; echo $$ > sh.pid; while :; do sleep 0.05; done",
    });
    expect(!result.ok && result.error.code).toBe("TOOL_TIMEOUT");
    expect(await isGone(Number(await readFile(join(workspace, "sh.pid"), "utf8")))).toBe(true);
  });

  it("stops background jobs the command leaves behind", async () => {
    const tool = createShellRunTool({ workspaceDir: workspace, killGraceMs: 200 });
    const output = outputOf(await callTool(tool, { command: "sleep 30 >/dev/null 2>&1 & echo $!" }));
    const [status, , pid] = output.split("\n");
    expect(status).toBe("exit code 0");
    expect(await isGone(Number(pid))).toBe(true);
  });

  it("keeps the start and the end of long output and says how much was left out", async () => {
    const tool = createShellRunTool({ workspaceDir: workspace, maxOutputBytes: 1000 });
    const output = outputOf(
      await callTool(tool, { command: "echo first; head -c 100000 /dev/zero | tr '\\0' x; echo; echo last" }),
    );
    expect(output.startsWith("exit code 0\nstdout:\nfirst\nxxx")).toBe(true);
    expect(output).toContain("[… 96.7 KB of output not shown (97.7 KB in all) …]");
    expect(output.endsWith("xxx\nlast\n")).toBe(true);
    expect(output.length).toBeLessThan(1200);
  });

  it("stops when the run is cancelled", async () => {
    const tool = createShellRunTool({ workspaceDir: workspace, killGraceMs: 200 });
    const controller = new AbortController();
    const pending = callTool(tool, { command: "echo $$ > sh.pid; sleep 30" }, controller.signal);
    let pid = 0;
    while (!pid) {
      await sleep(20);
      pid = Number(await readFile(join(workspace, "sh.pid"), "utf8").catch(() => "0"));
    }
    controller.abort();
    const result = await pending;
    expect(!result.ok && result.error.code).toBe("RUN_CANCELLED");
    expect(await isGone(pid)).toBe(true);
  });

  it("refuses a timeout over the maximum", async () => {
    const tool = createShellRunTool({ workspaceDir: workspace, maxTimeoutMs: 10_000 });
    const result = await callTool(tool, { command: "true", timeoutSeconds: 11 });
    expect(!result.ok && result.error.code).toBe("TOOL_INPUT_INVALID");
  });
});

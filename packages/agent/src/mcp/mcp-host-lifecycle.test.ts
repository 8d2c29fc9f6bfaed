import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { McpServers } from "@multiclaw/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callTool, outputOf } from "../tools/builtin/test-tool-call.ts";
import type { Tool } from "../tools/tool.ts";
import { createMcpHost, type McpHost, type McpHostOptions } from "./mcp-host.ts";
import {
  childProcesses,
  fastTiming,
  scriptedServer,
  startEverythingHttp,
  stdioServer,
  waitForStatus,
} from "./test-mcp-servers.ts";

let dir: string;
const hosts: McpHost[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mcp-host-"));
});

afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  await rm(dir, { recursive: true, force: true });
});

function host(servers: McpServers, options: Partial<McpHostOptions> = {}): McpHost {
  const created = createMcpHost({
    servers,
    fetch: globalThis.fetch,
    ...options,
    timing: { ...fastTiming, ...options.timing },
  });
  hosts.push(created);
  return created;
}

const scripted = (...args: string[]) => stdioServer(scriptedServer, args);
const ready = (mcp: McpHost, name: string) => waitForStatus(mcp, name, (server) => server.state === "ready");

function toolNamed(mcp: McpHost, name: string): Tool {
  const found = mcp.tools().find((tool) => tool.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const pidIn = async (file: string) => Number(await readFile(join(dir, file), "utf8"));

describe("only enabled servers start", () => {
  it("never spawns a disabled stdio server nor connects to a disabled HTTP server", async () => {
    let connections = 0;
    const listener: Server = createServer((socket) => {
      connections++;
      socket.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    const port = (listener.address() as { port: number }).port;
    try {
      const marker = join(dir, "spawned");
      const servers: McpServers = {
        local: { ...scripted("--marker", marker), enabled: false },
        remote: { url: `http://127.0.0.1:${port}/mcp`, headers: {}, enabled: false },
        on: scripted(),
      };
      const mcp = host(servers);
      await ready(mcp, "on");
      await mcp.update(servers);
      await ready(mcp, "on");
      expect(mcp.status().map(({ name, state, toolCount }) => ({ name, state, toolCount }))).toEqual([
        { name: "local", state: "disabled", toolCount: 0 },
        { name: "on", state: "ready", toolCount: 1 },
        { name: "remote", state: "disabled", toolCount: 0 },
      ]);
      expect(mcp.tools().map((tool) => tool.name)).toEqual(["on__echo"]);
      expect(existsSync(marker)).toBe(false);
      expect(connections).toBe(0);

      // The same configuration enabled does start and connect, so the checks above could have failed.
      await mcp.update({ ...servers, local: { ...servers.local, enabled: true } as McpServers[string] });
      await ready(mcp, "local");
      expect(existsSync(marker)).toBe(true);
    } finally {
      await new Promise((resolve) => listener.close(resolve));
    }
  });
});

describe("update()", () => {
  it("starts new servers, stops removed and disabled ones, restarts changed ones and keeps the rest", async () => {
    const mcp = host({
      keep: scripted("--pidfile", join(dir, "keep")),
      change: scripted("--pidfile", join(dir, "change-1")),
      remove: scripted("--pidfile", join(dir, "remove")),
      disable: scripted("--pidfile", join(dir, "disable")),
    });
    await Promise.all(["keep", "change", "remove", "disable"].map((name) => ready(mcp, name)));
    const before = {
      keep: await pidIn("keep"),
      change: await pidIn("change-1"),
      remove: await pidIn("remove"),
      disable: await pidIn("disable"),
    };
    const keptTool = toolNamed(mcp, "disable__echo");

    await mcp.update({
      keep: scripted("--pidfile", join(dir, "keep")),
      change: scripted("--pidfile", join(dir, "change-2")),
      disable: { ...scripted("--pidfile", join(dir, "disable")), enabled: false } as McpServers[string],
      added: scripted("--pidfile", join(dir, "added")),
    });
    // Stopped ones are gone once update() resolves.
    expect(isAlive(before.remove)).toBe(false);
    expect(isAlive(before.disable)).toBe(false);
    expect(isAlive(before.change)).toBe(false);
    await Promise.all(["keep", "change", "added"].map((name) => ready(mcp, name)));
    expect(await pidIn("keep")).toBe(before.keep);
    expect(isAlive(before.keep)).toBe(true);
    expect(isAlive(await pidIn("change-2"))).toBe(true);
    expect(mcp.status().map(({ name, state }) => `${name}:${state}`)).toEqual([
      "added:ready",
      "change:ready",
      "disable:disabled",
      "keep:ready",
    ]);
    expect(await callTool(keptTool, { text: "x" })).toEqual({
      ok: false,
      error: {
        code: "MCP_SERVER_UNAVAILABLE",
        message: "MCP server 'disable' is not running: it is disabled in the agent's settings",
      },
    });
  });
});

describe("crashes and restarts", () => {
  it("answers unavailable with the reason while a crashed server restarts, then works again", async () => {
    const mcp = host(
      { crashy: scripted("--mode", "crash-after", "--calls", "1") },
      { timing: { backoff: { initialMs: 1500, factor: 2, maxMs: 3000, jitter: 0 } } },
    );
    await ready(mcp, "crashy");
    const echo = toolNamed(mcp, "crashy__echo");
    expect(outputOf(await callTool(echo, { text: "first" }))).toBe("first");

    const during = await callTool(echo, { text: "second" });
    expect(during).toEqual({
      ok: false,
      error: {
        code: "MCP_SERVER_UNAVAILABLE",
        message:
          "MCP server 'crashy' stopped during the call: the process exited; it wrote: fatal: simulated crash",
      },
    });
    const restarting = mcp.status()[0];
    expect(restarting).toMatchObject({ state: "restarting", consecutiveFailures: 1 });
    expect(restarting?.lastError?.message).toBe("the process exited; it wrote: fatal: simulated crash");
    // Its tools are still listed, and say why they cannot run.
    expect(mcp.tools().map((tool) => tool.name)).toEqual(["crashy__echo"]);
    const meanwhile = await callTool(echo, { text: "third" });
    expect(!meanwhile.ok && meanwhile.error.code).toBe("MCP_SERVER_UNAVAILABLE");
    expect(!meanwhile.ok && meanwhile.error.message).toMatch(
      /^MCP server 'crashy' is restarting: the process exited; it wrote: fatal: simulated crash; next start in [12] s$/,
    );

    await ready(mcp, "crashy");
    expect(outputOf(await callTool(echo, { text: "back" }))).toBe("back");
  });

  it("gives up after the failure limit with the last error, and restart() tries again", async () => {
    const failing = {
      command: process.execPath,
      args: ["-e", "console.error('boom'); process.exit(2)"],
      env: {},
      enabled: true,
    };
    const mcp = host({ broken: failing }, { timing: { maxConsecutiveFailures: 3 } });
    const failed = await waitForStatus(mcp, "broken", (server) => server.state === "failed");
    expect(failed).toMatchObject({
      state: "failed",
      consecutiveFailures: 3,
      toolCount: 0,
      lastError: { code: "MCP_SERVER_UNAVAILABLE", message: "exited while starting; it wrote: boom" },
    });
    expect(mcp.tools()).toEqual([]);
    mcp.restart("broken");
    expect(mcp.status()[0]?.state).toBe("starting");
    await waitForStatus(mcp, "broken", (server) => server.state === "failed");
  });

  it("restartNow() stops a running server, starts a new process and answers once it is up", async () => {
    const pidfile = join(dir, "pid");
    const scopes: string[] = [];
    const mcp = host(
      { worker: scripted("--pidfile", pidfile), off: { ...scripted(), enabled: false } },
      {
        withinServer: (server, work) => {
          scopes.push(server);
          return work();
        },
      },
    );
    await ready(mcp, "worker");
    const before = await pidIn("pid");

    const status = await mcp.restartNow("worker");

    expect(status).toMatchObject({ name: "worker", state: "ready", toolCount: 1 });
    const after = await pidIn("pid");
    expect(after).not.toBe(before);
    expect(isAlive(before)).toBe(false);
    expect(isAlive(after)).toBe(true);
    // Its first start, the stop (an HTTP server's session is ended with a request) and the new start.
    expect(scopes).toEqual(["worker", "worker", "worker"]);
    expect(outputOf(await callTool(toolNamed(mcp, "worker__echo"), { text: "again" }))).toBe("again");
    // A disabled server is not started by a restart, and an unknown name is not a server.
    expect(await mcp.restartNow("off")).toMatchObject({ state: "disabled" });
    expect(await mcp.restartNow("nobody")).toBeUndefined();
  });

  it("reports a command that does not exist", async () => {
    const mcp = host(
      { missing: { command: join(dir, "no-such-server"), args: [], env: {}, enabled: true } },
      { timing: { maxConsecutiveFailures: 1 } },
    );
    const failed = await waitForStatus(mcp, "missing", (server) => server.state === "failed");
    expect(failed.lastError?.message).toBe(`command not found: ${join(dir, "no-such-server")}`);
  });

  it("notices a Streamable HTTP server that went away", async () => {
    const server = await startEverythingHttp();
    try {
      const mcp = host({ remote: { url: server.url, headers: {}, enabled: true } });
      await ready(mcp, "remote");
      const echo = toolNamed(mcp, "remote__echo");
      await server.close();
      const result = await callTool(echo, { message: "anyone?" });
      expect(!result.ok && result.error).toEqual({
        code: "MCP_SERVER_UNAVAILABLE",
        message: "MCP server 'remote' cannot be reached: ECONNREFUSED",
      });
      expect(mcp.status()[0]?.state).toBe("restarting");
    } finally {
      await server.close();
    }
  });
});

describe("servers that misbehave", () => {
  it("fails a call answered with garbage as MCP_PROTOCOL_ERROR, and the server stays up", async () => {
    const mcp = host({ noisy: scripted("--mode", "garbage-on-call") });
    await ready(mcp, "noisy");
    const result = await callTool(toolNamed(mcp, "noisy__echo"), { text: "x" });
    expect(!result.ok && result.error.code).toBe("MCP_PROTOCOL_ERROR");
    expect(!result.ok && result.error.message).toMatch(
      /^MCP server 'noisy' answered with something that is not an MCP message \(.*"this is not/,
    );
    expect(mcp.status()[0]?.state).toBe("ready");
  });

  it("fails a result that does not match the MCP schema as MCP_PROTOCOL_ERROR", async () => {
    const mcp = host({ odd: scripted("--mode", "bad-result") });
    await ready(mcp, "odd");
    const result = await callTool(toolNamed(mcp, "odd__echo"), { text: "x" });
    expect(!result.ok && result.error).toEqual({
      code: "MCP_PROTOCOL_ERROR",
      message: "MCP server 'odd' answered echo with a message that does not match the MCP schema",
    });
  });

  it("tolerates a line of start-up noise before initialize", async () => {
    const mcp = host({ chatty: scripted("--banner") });
    await ready(mcp, "chatty");
    expect(outputOf(await callTool(toolNamed(mcp, "chatty__echo"), { text: "fine" }))).toBe("fine");
  });

  it("fails a server that never answers initialize with a clear error after the timeout", async () => {
    const mcp = host(
      { stuck: scripted("--mode", "hang") },
      { timing: { connectTimeoutMs: 400, maxConsecutiveFailures: 1 } },
    );
    const failed = await waitForStatus(mcp, "stuck", (server) => server.state === "failed");
    expect(failed.lastError).toMatchObject({
      code: "MCP_SERVER_UNAVAILABLE",
      message: "did not answer initialize within 0.4 s",
    });
    expect(childProcesses("--mode hang")).toEqual([]);
  });

  it("does not hold up other servers while one hangs, and stops the hanging one on close", async () => {
    const mcp = host({ stuck: scripted("--mode", "hang"), fine: scripted() });
    await ready(mcp, "fine");
    expect(mcp.status().find((server) => server.name === "stuck")?.state).toBe("starting");
    expect(outputOf(await callTool(toolNamed(mcp, "fine__echo"), { text: "meanwhile" }))).toBe("meanwhile");
    await mcp.close();
    expect(childProcesses(scriptedServer)).toEqual([]);
  });

  it("times a call out with TOOL_TIMEOUT", async () => {
    const mcp = host({ slow: scripted("--mode", "hang-on-call") }, { timing: { callTimeoutMs: 300 } });
    await ready(mcp, "slow");
    expect(await callTool(toolNamed(mcp, "slow__echo"), { text: "x" })).toEqual({
      ok: false,
      error: { code: "TOOL_TIMEOUT", message: "MCP server 'slow' did not answer echo within 0.3 s" },
    });
  });

  it("stops waiting for a call when the run is cancelled", async () => {
    const mcp = host({ slow: scripted("--mode", "hang-on-call") });
    await ready(mcp, "slow");
    const controller = new AbortController();
    const pending = callTool(toolNamed(mcp, "slow__echo"), { text: "x" }, controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toEqual({
      ok: false,
      error: { code: "RUN_CANCELLED", message: "the call was cancelled" },
    });
  });
});

describe("close()", () => {
  it("stops every child it spawned, even one that ignores SIGTERM", async () => {
    const mcp = host({
      plain: scripted(),
      stubborn: scripted("--ignore-term"),
      stuck: scripted("--mode", "hang", "--ignore-term"),
    });
    await Promise.all([ready(mcp, "plain"), ready(mcp, "stubborn")]);
    expect(childProcesses(scriptedServer)).toHaveLength(3);
    await mcp.close();
    expect(childProcesses(scriptedServer)).toEqual([]);
    expect(mcp.status()).toEqual([]);
    expect(mcp.tools()).toEqual([]);
  });
});

import { mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { callTool, outputOf } from "../tools/builtin/test-tool-call.ts";
import type { Tool } from "../tools/tool.ts";
import { createMcpHost, type McpHost } from "./mcp-host.ts";
import {
  everythingServer,
  fastTiming,
  filesystemServer,
  type RunningHttpServer,
  startEverythingHttp,
  stdioServer,
  waitForStatus,
} from "./test-mcp-servers.ts";

const hosts: McpHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
});

function toolNamed(host: McpHost, name: string): Tool {
  const found = host.tools().find((tool) => tool.name === name);
  if (!found) throw new Error(`no tool ${name}; have ${host.tools().map((tool) => tool.name)}`);
  return found;
}

describe("@modelcontextprotocol/server-everything over stdio", () => {
  // One server for these tests: it takes about a second to start. The canary is in the environment from
  // before the server starts until after it is gone.
  let host: McpHost;
  beforeAll(async () => {
    process.env.MULTICLAW_TEST_CANARY = "canary-mcp-4b1e";
    host = createMcpHost({
      servers: {
        everything: stdioServer(everythingServer, ["stdio"], { env: { SERVER_SETTING: "from-config" } }),
      },
      fetch: globalThis.fetch,
      timing: fastTiming,
    });
    await waitForStatus(host, "everything", (server) => server.state === "ready");
  });
  afterAll(async () => {
    await host.close();
    delete process.env.MULTICLAW_TEST_CANARY;
  });

  it("lists its tools under the server's prefix and calls echo and get-sum", async () => {
    const status = host.status()[0];
    expect(status).toMatchObject({
      name: "everything",
      transport: "stdio",
      state: "ready",
      consecutiveFailures: 0,
    });
    const names = host.tools().map((tool) => tool.name);
    expect(names).toContain("everything__echo");
    expect(names).toContain("everything__get-sum");
    expect(status?.toolCount).toBe(names.length);

    expect(outputOf(await callTool(toolNamed(host, "everything__echo"), { message: "hello" }))).toBe(
      "Echo: hello",
    );
    expect(outputOf(await callTool(toolNamed(host, "everything__get-sum"), { a: 2, b: 40 }))).toBe(
      "The sum of 2 and 40 is 42.",
    );
  });

  it("checks arguments against the tool's JSON Schema before calling", () => {
    const sum = toolNamed(host, "everything__get-sum");
    expect(sum.input.parse({ a: 1, b: "x" })).toEqual({ ok: false, message: "arguments/b must be number" });
    expect(sum.input.parse([1, 2])).toEqual({ ok: false, message: "the arguments must be a JSON object" });
    expect(sum.input.parse({ a: 1, b: 2 })).toEqual({ ok: true, value: { a: 1, b: 2 } });
  });

  it("starts the server with its own env and an allow-list, never the gateway's environment", async () => {
    const env = JSON.parse(outputOf(await callTool(toolNamed(host, "everything__get-env"), {}))) as Record<
      string,
      string
    >;
    expect(env.SERVER_SETTING).toBe("from-config");
    expect(JSON.stringify(env)).not.toContain("canary-mcp-4b1e");
    const allowed = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LC_ALL", "LC_CTYPE", "TERM", "TZ"];
    expect(
      Object.keys(env).filter((name) => ![...allowed, "TMPDIR", "SERVER_SETTING"].includes(name)),
    ).toEqual([]);
  });
});

describe("@modelcontextprotocol/server-everything over Streamable HTTP", () => {
  let server: RunningHttpServer;
  beforeAll(async () => {
    server = await startEverythingHttp();
  });
  afterAll(async () => {
    await server.close();
  });

  it("connects through the injected fetch and calls tools", async () => {
    const requests: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      requests.push(`${init?.method ?? "GET"} ${String(input)}`);
      return fetch(input, init);
    };
    const host = createMcpHost({
      servers: { remote: { url: server.url, headers: {}, enabled: true } },
      fetch: countingFetch,
      timing: fastTiming,
    });
    hosts.push(host);
    const status = await waitForStatus(host, "remote", (entry) => entry.state === "ready");
    expect(status.transport).toBe("http");
    expect(outputOf(await callTool(toolNamed(host, "remote__echo"), { message: "over http" }))).toBe(
      "Echo: over http",
    );
    expect(outputOf(await callTool(toolNamed(host, "remote__get-sum"), { a: 20, b: 22 }))).toBe(
      "The sum of 20 and 22 is 42.",
    );
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.every((request) => request.endsWith(server.url))).toBe(true);
    await host.close();
    // Closing ends the server-side session explicitly.
    expect(requests.at(-1)).toBe(`DELETE ${server.url}`);
  });
});

describe("@modelcontextprotocol/server-filesystem over stdio", () => {
  let allowed: string;
  let outside: string;
  beforeAll(async () => {
    allowed = await realpath(await mkdtemp(join(tmpdir(), "mcp-fs-allowed-")));
    outside = await realpath(await mkdtemp(join(tmpdir(), "mcp-fs-outside-")));
    await writeFile(join(outside, "secret.txt"), "secret");
  });
  afterAll(async () => {
    await rm(allowed, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it("writes and reads inside its directory and refuses outside it", async () => {
    const host = createMcpHost({
      servers: { files: stdioServer(filesystemServer, [allowed]) },
      fetch: globalThis.fetch,
      timing: fastTiming,
    });
    hosts.push(host);
    await waitForStatus(host, "files", (server) => server.state === "ready");
    const target = join(allowed, "note.txt");
    await callTool(toolNamed(host, "files__write_file"), { path: target, content: "written by MCP" });
    expect(await readFile(target, "utf8")).toBe("written by MCP");
    expect(outputOf(await callTool(toolNamed(host, "files__read_text_file"), { path: target }))).toBe(
      "written by MCP",
    );
    const denied = await callTool(toolNamed(host, "files__read_text_file"), {
      path: join(outside, "secret.txt"),
    });
    expect(denied.ok).toBe(false);
    expect(!denied.ok && denied.error.code).toBe("TOOL_FAILED");
    expect(!denied.ok && denied.error.message).toContain("Access denied");
  });
});

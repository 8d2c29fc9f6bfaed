import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolveInventory } from "@multiclaw/egress";
import { createConnectionLedger, createEgressGuard } from "@multiclaw/egress/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callTool, outputOf } from "./test-tool-call.ts";
import { createWebFetchTool, type WebFetchOptions } from "./web-fetch.ts";

const article = `<!doctype html><html><head><title>Tide tables</title><script>var tracking = "leak";</script></head>
<body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
<article><h1>Tide tables</h1>
<p>The tide comes in twice a day. ${"The moon pulls the water toward it, and the earth turns beneath. ".repeat(8)}</p>
<p>Second paragraph with <b>bold</b> words.</p><ul><li>High water</li><li>Low water</li></ul></article>
<footer>© someone</footer></body></html>`;

let server: Server;
let origin: string;
let sockets = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    const path = request.url ?? "/";
    const send = (
      status: number,
      type: string,
      body: string | Buffer,
      headers: Record<string, string> = {},
    ) => {
      response.writeHead(status, { "content-type": type, ...headers });
      response.end(body);
    };
    if (path === "/article") return send(200, "text/html; charset=utf-8", article);
    if (path === "/latin1")
      return send(200, "text/plain; charset=iso-8859-1", Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    if (path === "/plain") return send(200, "text/plain", "just text\n");
    if (path === "/json") return send(200, "application/json", '{"tide":"high"}');
    if (path === "/image") return send(200, "image/png", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]));
    if (path === "/big") return send(200, "text/plain", "y".repeat(10_000));
    if (path === "/missing") return send(404, "text/html", "<h1>not here</h1>");
    if (path.startsWith("/hop/")) {
      const left = Number(path.slice("/hop/".length));
      return send(302, "text/plain", "", { location: left > 0 ? `/hop/${left - 1}` : "/article" });
    }
    if (path === "/to-file") return send(302, "text/plain", "", { location: "file:///etc/passwd" });
    if (path === "/to-credentials")
      return send(302, "text/plain", "", { location: `${origin}/x`.replace("//", "//u:p@") });
    if (path === "/slow") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.write("start");
      return; // never ends
    }
    send(500, "text/plain", "unexpected");
  });
  server.on("connection", () => sockets++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The web-fetch windows the tool opened, and whether each was closed. */
let windows: { url: string; closed: boolean }[];

beforeEach(() => {
  windows = [];
});

function webFetch(options: Partial<WebFetchOptions> = {}) {
  return createWebFetchTool({
    fetch: globalThis.fetch,
    allowWebFetch: (url) => {
      const window = { url: url.href, closed: false };
      windows.push(window);
      return () => {
        window.closed = true;
      };
    },
    ...options,
  });
}

describe("web.fetch", () => {
  it("returns an HTML page's title and readable article text", async () => {
    const output = outputOf(await callTool(webFetch(), { url: `${origin}/article` }));
    expect(output.startsWith("Title: Tide tables\n\n")).toBe(true);
    expect(output).toContain("The tide comes in twice a day.");
    expect(output).toContain("Second paragraph with bold words.");
    expect(output).toContain("- High water\n- Low water");
    expect(output).not.toContain("tracking");
    expect(output).not.toContain("About");
    expect(windows).toEqual([{ url: `${origin}/article`, closed: true }]);
  });

  it("passes plain text and JSON through, decoding the declared charset", async () => {
    expect(outputOf(await callTool(webFetch(), { url: `${origin}/plain` }))).toBe("just text\n");
    expect(outputOf(await callTool(webFetch(), { url: `${origin}/json` }))).toBe('{"tide":"high"}');
    expect(outputOf(await callTool(webFetch(), { url: `${origin}/latin1` }))).toBe("café");
  });

  it("describes binary content instead of returning it", async () => {
    expect(outputOf(await callTool(webFetch(), { url: `${origin}/image` }))).toBe(
      `${origin}/image is image/png (not text); its content is not shown.`,
    );
  });

  it("follows redirects, opening and closing a window for each hop", async () => {
    const output = outputOf(await callTool(webFetch(), { url: `${origin}/hop/1` }));
    expect(output.startsWith(`Title: Tide tables\nURL: ${origin}/article\n`)).toBe(true);
    expect(windows).toEqual([
      { url: `${origin}/hop/1`, closed: true },
      { url: `${origin}/hop/0`, closed: true },
      { url: `${origin}/article`, closed: true },
    ]);
  });

  it("stops after the redirect limit", async () => {
    const result = await callTool(webFetch({ maxRedirects: 2 }), { url: `${origin}/hop/5` });
    expect(result).toEqual({
      ok: false,
      error: { code: "TOOL_FAILED", message: `more than 2 redirects; stopped at ${origin}/hop/3` },
    });
    expect(windows.every((window) => window.closed)).toBe(true);
  });

  it("checks every redirect target again", async () => {
    expect(await callTool(webFetch(), { url: `${origin}/to-file` })).toEqual({
      ok: false,
      error: {
        code: "TOOL_FAILED",
        message: "redirected: only http and https URLs can be fetched, not file:",
      },
    });
    expect(await callTool(webFetch(), { url: `${origin}/to-credentials` })).toEqual({
      ok: false,
      error: {
        code: "TOOL_FAILED",
        message: "redirected: URLs with credentials (user:password@) are not fetched",
      },
    });
    expect(windows.map((window) => window.url)).toEqual([`${origin}/to-file`, `${origin}/to-credentials`]);
  });

  it("refuses other schemes and URLs with credentials before connecting", async () => {
    const before = sockets;
    for (const url of [
      "ftp://127.0.0.1/x",
      "file:///etc/passwd",
      origin.replace("//", "//user:pw@"),
      "not a url",
    ]) {
      const result = await callTool(webFetch(), { url });
      expect(!result.ok && result.error.code, url).toBe("TOOL_INPUT_INVALID");
    }
    expect(windows).toEqual([]);
    expect(sockets).toBe(before);
  });

  it("reads at most the byte limit and says so", async () => {
    const output = outputOf(await callTool(webFetch({ maxBytes: 1000 }), { url: `${origin}/big` }));
    expect(output).toBe(`${"y".repeat(1000)}\n[the page is larger than 1000 B; only its start was read]`);
  });

  it("reports an HTTP error status", async () => {
    expect(await callTool(webFetch(), { url: `${origin}/missing` })).toEqual({
      ok: false,
      error: { code: "TOOL_FAILED", message: `${origin}/missing answered HTTP 404 Not Found` },
    });
  });

  it("gives up on a page that does not finish in time, and closes its window", async () => {
    const result = await callTool(webFetch({ timeoutMs: 300 }), { url: `${origin}/slow` });
    expect(result).toEqual({
      ok: false,
      error: { code: "TOOL_TIMEOUT", message: `${origin}/slow did not finish within 0.3 s` },
    });
    expect(windows).toEqual([{ url: `${origin}/slow`, closed: true }]);
  });

  it("reports a connection the egress guard refuses as EGRESS_BLOCKED", async () => {
    const guard = createEgressGuard({
      inventory: resolveInventory({ webFetch: true }),
      ledger: createConnectionLedger(),
      conditions: () => ({ active: true }),
    });
    try {
      const guardedFetch: typeof fetch = (input, init) =>
        fetch(input, { ...init, dispatcher: guard.dispatcher } as unknown as RequestInit);
      const before = sockets;
      const result = await callTool(webFetch({ fetch: guardedFetch }), { url: `${origin}/article` });
      expect(!result.ok && result.error.code).toBe("EGRESS_BLOCKED");
      expect(sockets).toBe(before);
    } finally {
      await guard.close();
    }
  });
});

describe("web.fetch failures", () => {
  it("names the network error of a server that cannot be reached", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await callTool(webFetch(), { url })).toEqual({
      ok: false,
      error: { code: "TOOL_FAILED", message: `could not fetch ${url}: ECONNREFUSED` },
    });
  });
});

it("reports EGRESS_BLOCKED when the web-fetch window cannot be opened (the row is blocked)", async () => {
  const blocked = Object.assign(new Error("egress blocked: row web-fetch is blocked by the user"), {
    code: "EGRESS_BLOCKED",
  });
  const tool = webFetch({
    allowWebFetch: () => {
      throw blocked;
    },
  });
  expect(await callTool(tool, { url: `${origin}/article` })).toEqual({
    ok: false,
    error: { code: "EGRESS_BLOCKED", message: "egress blocked: row web-fetch is blocked by the user" },
  });
});

it("names the web-fetch row and the page's host as what a call may open", () => {
  const tool = webFetch();
  expect(tool.connections?.({ url: "https://example.org:8443/a?b" })).toEqual([
    { rowId: "web-fetch", hosts: ["example.org:8443"] },
  ]);
  expect(tool.connections?.({ url: "not a url" })).toEqual([{ rowId: "web-fetch", hosts: [] }]);
});

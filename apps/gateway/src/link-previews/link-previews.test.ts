import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { createGatewayLinkPreviews } from "./gateway-link-previews.ts";
import {
  LINK_PREVIEW_CLIENT_PACKAGE,
  linkPreviewsOff,
  readLinkPreviewSettings,
} from "./link-preview-settings.ts";
import { type MicrolinkStandIn, startMicrolinkStandIn } from "./microlink-stand-in.ts";
import { libraryNodeGate, type NodeGate } from "./node-engines-gate.ts";
import { type ServiceEgressHarness, startServiceEgress } from "./service-egress-harness.ts";

/*
 * Link previews end to end inside the gateway: the real `@microlink/mql` client, on the egress guard's fetch,
 * against a stand-in that speaks Microlink's JSON. Decision 0010 gates the client on Node 24: CI runs this file on
 * Node 20, where the gate's answer is what a user sees, and on Node 24, where the client runs.
 */

const gateOnThisNode = libraryNodeGate(LINK_PREVIEW_CLIENT_PACKAGE);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Setup {
  standIn: MicrolinkStandIn;
  harness: ServiceEgressHarness;
  previews: ReturnType<typeof createGatewayLinkPreviews>;
  clock: { now: number };
  /** How many fetches opened the row. */
  rowOpenings: () => number;
}

async function setUp(gate: NodeGate = gateOnThisNode): Promise<Setup> {
  const standIn = await startMicrolinkStandIn();
  closers.push(() => standIn.close());
  const settings = readLinkPreviewSettings({ MULTICLAW_LINK_PREVIEW_URL: standIn.url }, gate);
  const harness = startServiceEgress({
    linkPreviewUrl: settings.endpoint,
    featureOff: (rowId) => (rowId === "link-preview" ? linkPreviewsOff(settings) : undefined),
  });
  closers.push(() => harness.close());
  const clock = { now: 1_000_000 };
  let rowOpenings = 0;
  const countingFetch: typeof globalThis.fetch = (input, init) => harness.fetch(input, init);
  const previews = createGatewayLinkPreviews(settings, {
    egress: {
      blocked: harness.egress.blocked,
      windows: {
        open(rowId) {
          rowOpenings += 1;
          return harness.egress.windows.open(rowId);
        },
      },
    },
    fetch: countingFetch,
    logger: pino({ level: "silent" }),
    now: () => clock.now,
  });
  return { standIn, harness, previews, clock, rowOpenings: () => rowOpenings };
}

function rowOf(harness: ServiceEgressHarness, rowId: string) {
  return harness.egress.summary().find((row) => row.rowId === rowId);
}

describe("link previews on a Node older than the client's engines (decision 0010)", () => {
  const oldNode = libraryNodeGate(LINK_PREVIEW_CLIENT_PACKAGE, { nodeVersion: "20.20.2" });

  it("answers node-version with what upgrading brings, and never opens the row", async () => {
    const { previews, standIn, harness, rowOpenings } = await setUp(oldNode);
    expect(await previews.preview("https://example.com/")).toEqual({
      state: "unavailable",
      url: "https://example.com/",
      reason: "node-version",
      message: "Link previews needs Node 24 (this is 20.20.2)",
    });
    expect(rowOpenings()).toBe(0);
    expect(standIn.requests).toEqual([]);
    expect(harness.egress.ledger.entries()).toEqual([]);
    // The connections table reads the row as off, not as idle.
    expect(rowOf(harness, "link-preview")?.state).toBe("not-configured");
  });

  it.runIf(!gateOnThisNode.open)("is what this Node gets", () => {
    expect(gateOnThisNode).toEqual({
      open: false,
      reason: `needs Node 24 (this is ${process.versions.node})`,
    });
  });
});

describe("links that are never sent out", () => {
  it.each([
    ["http://localhost:3000/admin", "private-address"],
    ["http://127.0.0.1/", "private-address"],
    ["http://[::1]:8080/", "private-address"],
    ["http://192.168.1.20/router", "private-address"],
    ["http://10.0.0.5/", "private-address"],
    ["http://172.16.4.4/", "private-address"],
    ["http://100.100.1.1/", "private-address"],
    ["http://169.254.169.254/latest/meta-data/", "private-address"],
    ["http://[fd00::5]/", "private-address"],
    ["http://intranet/wiki", "private-address"],
    ["https://printer.local/", "private-address"],
    ["ftp://example.com/file", "unsupported-url"],
    ["javascript:alert(1)", "unsupported-url"],
    ["https://user:secret@example.com/", "unsupported-url"],
    ["not a url", "unsupported-url"],
  ])("refuses %s locally (%s), without a request", async (link, reason) => {
    const { previews, standIn, harness } = await setUp();
    const answer = await previews.preview(link);
    expect(answer).toMatchObject({ state: "unavailable", reason });
    expect(standIn.requests).toEqual([]);
    expect(harness.egress.ledger.entries()).toEqual([]);
  });
});

describe.runIf(gateOnThisNode.open)("link previews through @microlink/mql (Node 24 and later)", () => {
  it("sends the URL and only the URL, without cookie, authorization or referrer", async () => {
    const { previews, standIn } = await setUp();
    standIn.pages.set("https://example.com/docs?page=2", {
      title: "Example Docs",
      description: "Page two of the docs",
      publisher: "Example",
    });
    expect(await previews.preview("https://example.com/docs?page=2#install")).toEqual({
      state: "ready",
      url: "https://example.com/docs?page=2",
      title: "Example Docs",
      description: "Page two of the docs",
      siteName: "Example",
    });
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.method).toBe("GET");
    const query = new URL(request?.url ?? "", "http://stand-in").searchParams;
    // The fragment never left the page: it is not part of what the service gets.
    expect([...query]).toEqual([["url", "https://example.com/docs?page=2"]]);
    // The client's own name and the transport's headers: no cookie, authorization, referrer or key.
    expect(Object.keys(request?.headers ?? {}).sort()).toEqual([
      "accept",
      "accept-encoding",
      "accept-language",
      "connection",
      "host",
      "sec-fetch-mode",
      "user-agent",
    ]);
    expect(request?.headers["user-agent"]).toMatch(/^mql\//);
  });

  it("asks once per URL: a second ask, or two at once, make no new request", async () => {
    const { previews, standIn } = await setUp();
    standIn.pages.set("https://example.com/", { title: "Example Domain" });
    const [first, second] = await Promise.all([
      previews.preview("https://example.com/"),
      previews.preview("https://example.com/"),
    ]);
    expect(first).toEqual(second);
    expect(await previews.preview("https://example.com/")).toMatchObject({ title: "Example Domain" });
    expect(standIn.requests).toHaveLength(1);
  });

  it("keeps a preview a day, then asks again", async () => {
    const { previews, standIn, clock } = await setUp();
    standIn.pages.set("https://example.com/", { title: "Example Domain" });
    await previews.preview("https://example.com/");
    clock.now += 24 * 60 * 60 * 1000 - 1;
    await previews.preview("https://example.com/");
    expect(standIn.requests).toHaveLength(1);
    clock.now += 1;
    await previews.preview("https://example.com/");
    expect(standIn.requests).toHaveLength(2);
  });

  it("remembers a failure for a few minutes only, without retrying it at once", async () => {
    const { previews, standIn, clock } = await setUp();
    standIn.failWith = 500;
    expect(await previews.preview("https://example.com/")).toMatchObject({ reason: "failed" });
    expect(standIn.requests).toHaveLength(1);
    standIn.failWith = undefined;
    standIn.pages.set("https://example.com/", { title: "Example Domain" });
    expect(await previews.preview("https://example.com/")).toMatchObject({ reason: "failed" });
    clock.now += 5 * 60 * 1000;
    expect(await previews.preview("https://example.com/")).toMatchObject({ state: "ready" });
    expect(standIn.requests).toHaveLength(2);
  });

  it("answers not-found for a page without a title", async () => {
    const { previews, standIn } = await setUp();
    standIn.pages.set("https://example.com/blank", { title: null, description: "Just a description" });
    expect(await previews.preview("https://example.com/blank")).toMatchObject({
      state: "unavailable",
      reason: "not-found",
    });
  });

  it("shows the row active in the ledger while the connection is open, and closes it after", async () => {
    const { previews, standIn, harness } = await setUp();
    standIn.pages.set("https://example.com/", { title: "Example Domain" });
    expect(rowOf(harness, "link-preview")?.state).toBe("idle");
    const release = standIn.hold();
    const pending = previews.preview("https://example.com/");
    await expect.poll(() => standIn.requests.length).toBe(1);
    expect(rowOf(harness, "link-preview")).toMatchObject({ state: "active", openConnections: 1 });
    expect(harness.egress.ledger.entries()).toMatchObject([
      { rowId: "link-preview", host: "127.0.0.1", port: Number(new URL(standIn.url).port) },
    ]);
    release();
    expect(await pending).toMatchObject({ state: "ready" });
    // The fetch is over: its kept-alive connection is cut, so the next one asks the guard again.
    await expect.poll(() => rowOf(harness, "link-preview")?.openConnections).toBe(0);
    expect(harness.egress.ledger.entries()[0]?.end).toBeDefined();
  });

  it("gives no preview and attempts no connection while the row is blocked, and works again once unblocked", async () => {
    const { previews, standIn, harness } = await setUp();
    standIn.pages.set("https://example.com/", { title: "Example Domain" });
    harness.egress.blocked.block("link-preview");
    expect(await previews.preview("https://example.com/")).toMatchObject({
      state: "unavailable",
      reason: "blocked",
    });
    expect(standIn.requests).toEqual([]);
    expect(harness.egress.ledger.entries()).toEqual([]);
    expect(rowOf(harness, "link-preview")?.state).toBe("blocked");
    harness.egress.blocked.unblock("link-preview");
    expect(await previews.preview("https://example.com/")).toMatchObject({ state: "ready" });
  });

  it("leaves the guard to refuse a service endpoint outside the inventory", async () => {
    const standIn = await startMicrolinkStandIn();
    closers.push(() => standIn.close());
    // The row points at one port; the client is configured for another: the guard, not the client, decides.
    const harness = startServiceEgress({ linkPreviewUrl: "http://127.0.0.1:9/" });
    closers.push(() => harness.close());
    const previews = createGatewayLinkPreviews(
      readLinkPreviewSettings({ MULTICLAW_LINK_PREVIEW_URL: standIn.url }, gateOnThisNode),
      { egress: harness.egress, fetch: harness.fetch, logger: pino({ level: "silent" }) },
    );
    expect(await previews.preview("https://example.com/")).toMatchObject({ reason: "failed" });
    expect(standIn.requests).toEqual([]);
    expect(harness.egress.ledger.entries()).toMatchObject([
      { rowId: undefined, blockedReason: "not in the connection inventory" },
    ]);
  });
});

import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type ServiceEgressHarness, startServiceEgress } from "../link-previews/service-egress-harness.ts";
import { readFaviconEndpoint } from "./favicon-settings.ts";
import { type FaviconStandIn, samplePng, startFaviconStandIn } from "./favicon-stand-in.ts";
import { createGatewayFavicons } from "./gateway-favicons.ts";

/* Favicons inside the gateway: the guarded fetch against a stand-in of Google's s2 endpoint. */

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setUp() {
  const standIn: FaviconStandIn = await startFaviconStandIn();
  closers.push(() => standIn.close());
  const endpoint = readFaviconEndpoint({ MULTICLAW_FAVICON_URL: standIn.url });
  const harness: ServiceEgressHarness = startServiceEgress({ faviconUrl: endpoint });
  closers.push(() => harness.close());
  const clock = { now: 1_000_000 };
  const favicons = createGatewayFavicons(endpoint, {
    egress: harness.egress,
    fetch: harness.fetch,
    logger: pino({ level: "silent" }),
    now: () => clock.now,
  });
  const png = (domain: string) =>
    standIn.icons.set(domain, { status: 200, headers: { "content-type": "image/png" }, body: samplePng });
  return { standIn, harness, favicons, clock, png };
}

const rowOf = (harness: ServiceEgressHarness) =>
  harness.egress.summary().find((row) => row.rowId === "favicon");

describe("favicons", () => {
  it("sends the domain and the size only, without cookie, authorization or referrer", async () => {
    const { favicons, standIn, png } = await setUp();
    png("example.com");
    expect(await favicons.icon("Example.COM")).toEqual({
      found: true,
      contentType: "image/png",
      bytes: samplePng,
    });
    expect(standIn.requests).toHaveLength(1);
    const [request] = standIn.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe("/s2/favicons?domain=example.com&sz=32");
    // The transport's generic headers only: nothing that names the user, the page or the link's path.
    expect(Object.keys(request?.headers ?? {}).sort()).toEqual([
      "accept",
      "accept-encoding",
      "accept-language",
      "connection",
      "host",
      "sec-fetch-mode",
      "user-agent",
    ]);
    expect(request?.headers["user-agent"]).toBe("undici");
    expect(request?.headers["accept-language"]).toBe("*");
  });

  it.each(["localhost", "intranet", "127.0.0.1", "10.0.0.1", "192.168.0.1", "169.254.169.254", "nas.local"])(
    "never asks about %s",
    async (domain) => {
      const { favicons, standIn, harness } = await setUp();
      expect(await favicons.icon(domain)).toMatchObject({ found: false, reason: "private-address" });
      expect(standIn.requests).toEqual([]);
      expect(harness.egress.ledger.entries()).toEqual([]);
    },
  );

  it("asks once per domain, and again after a day", async () => {
    const { favicons, standIn, png, clock } = await setUp();
    png("example.com");
    await Promise.all([favicons.icon("example.com"), favicons.icon("example.com")]);
    await favicons.icon("example.com");
    expect(standIn.requests).toHaveLength(1);
    clock.now += 24 * 60 * 60 * 1000;
    await favicons.icon("example.com");
    expect(standIn.requests).toHaveLength(2);
  });

  it("has no icon where the service has none (its 404 globe is not served)", async () => {
    const { favicons } = await setUp();
    expect(await favicons.icon("no-icon.example")).toMatchObject({ found: false, reason: "not-found" });
  });

  it.each([
    [
      "an SVG",
      { "content-type": "image/svg+xml" },
      new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ],
    ["HTML", { "content-type": "text/html" }, new TextEncoder().encode("<html></html>")],
    [
      "HTML declared as a PNG",
      { "content-type": "image/png" },
      new TextEncoder().encode("<script>1</script>"),
    ],
  ])("refuses %s", async (_what, headers, body) => {
    const { favicons, standIn } = await setUp();
    standIn.icons.set("example.com", { status: 200, headers, body });
    expect(await favicons.icon("example.com")).toMatchObject({ found: false, reason: "not-found" });
  });

  it("refuses an icon over 64 KiB", async () => {
    const { favicons, standIn } = await setUp();
    const body = new Uint8Array(64 * 1024 + 1);
    body.set(samplePng);
    standIn.icons.set("example.com", { status: 200, headers: { "content-type": "image/png" }, body });
    expect(await favicons.icon("example.com")).toMatchObject({
      found: false,
      message: "The icon is larger than 65536 bytes",
    });
  });

  it("follows no redirect: where it points is not in the connection inventory", async () => {
    const { favicons, standIn } = await setUp();
    standIn.icons.set("example.com", {
      status: 301,
      headers: { location: "https://t1.gstatic.com/faviconV2?url=http://example.com&size=32" },
      body: new Uint8Array(),
    });
    expect(await favicons.icon("example.com")).toMatchObject({ found: false, reason: "not-found" });
    expect(standIn.requests).toHaveLength(1);
  });

  it("shows the row active in the ledger while the connection is open, and closes it after", async () => {
    const { favicons, standIn, harness, png } = await setUp();
    png("example.com");
    const release = standIn.hold();
    const pending = favicons.icon("example.com");
    await expect.poll(() => standIn.requests.length).toBe(1);
    expect(rowOf(harness)).toMatchObject({ state: "active", openConnections: 1 });
    release();
    expect(await pending).toMatchObject({ found: true });
    await expect.poll(() => rowOf(harness)?.openConnections).toBe(0);
    expect(harness.egress.ledger.entries()).toMatchObject([{ rowId: "favicon", host: "127.0.0.1" }]);
  });

  it("gives no icon and attempts no connection while the row is blocked", async () => {
    const { favicons, standIn, harness, png } = await setUp();
    png("example.com");
    harness.egress.blocked.block("favicon");
    expect(await favicons.icon("example.com")).toMatchObject({ found: false, reason: "blocked" });
    expect(standIn.requests).toEqual([]);
    expect(harness.egress.ledger.entries()).toEqual([]);
    harness.egress.blocked.unblock("favicon");
    expect(await favicons.icon("example.com")).toMatchObject({ found: true });
  });
});

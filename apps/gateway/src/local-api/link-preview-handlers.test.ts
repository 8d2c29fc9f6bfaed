import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LINK_PREVIEW_CLIENT_PACKAGE } from "../link-previews/link-preview-settings.ts";
import { type MicrolinkStandIn, startMicrolinkStandIn } from "../link-previews/microlink-stand-in.ts";
import { libraryNodeGate } from "../link-previews/node-engines-gate.ts";
import { closedPort } from "../testing/closed-port.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";

/*
 * `GET /v1/link-previews` on a real gateway process, its link-preview row pointed at a stand-in of Microlink by
 * configuration (`MULTICLAW_LINK_PREVIEW_URL`), called through the typed gateway client as the App calls it.
 * The gateway runs on the Node running this test: on 20 it answers with decision 0010's reason, on 24 with the
 * page's title.
 */

const gate = libraryNodeGate(LINK_PREVIEW_CLIENT_PACKAGE);
let standIn: MicrolinkStandIn;
let home: string;
let gateway: GatewayProcess;

beforeAll(async () => {
  standIn = await startMicrolinkStandIn();
  standIn.pages.set("https://example.com/", { title: "Example Domain", publisher: "IANA" });
  home = await mkdtemp(join(tmpdir(), "multiclaw-link-previews-"));
  gateway = await spawnGatewayProcess({
    home,
    cloudUrl: `http://127.0.0.1:${await closedPort()}`,
    env: { MULTICLAW_LINK_PREVIEW_URL: standIn.url },
  });
}, 60_000);
afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await standIn?.close();
  await rm(home, { recursive: true, force: true });
});

const preview = (url: string) => gateway.client.call("linkPreview", { query: { url } });

describe("the link-preview route", () => {
  it.runIf(!gate.open)("says what upgrading Node brings, and sends nothing", async () => {
    expect(await preview("https://example.com/")).toEqual({
      state: "unavailable",
      url: "https://example.com/",
      reason: "node-version",
      message: `Link previews needs Node 24 (this is ${process.versions.node})`,
    });
    expect(standIn.requests).toEqual([]);
  });

  it.runIf(gate.open)("answers the page's title, fetched through the guard under link-preview", async () => {
    expect(await preview("https://example.com/")).toEqual({
      state: "ready",
      url: "https://example.com/",
      title: "Example Domain",
      siteName: "IANA",
    });
    expect(standIn.requests.map((request) => request.url)).toEqual([
      `/?url=${encodeURIComponent("https://example.com/")}`,
    ]);
    const log = await gateway.client.call("connectionLog", { query: { limit: 100 } });
    expect(log.entries.filter((entry) => entry.rowId === "link-preview")).toMatchObject([
      { host: "127.0.0.1", blockedReason: null },
    ]);
  });

  it("never sends a link to this machine or the local network", async () => {
    const before = standIn.requests.length;
    expect(await preview("http://192.168.1.1/admin")).toMatchObject({ reason: "private-address" });
    expect(await preview("http://localhost:8080/")).toMatchObject({ reason: "private-address" });
    expect(standIn.requests.length).toBe(before);
  });

  it.runIf(gate.open)("gives no preview and connects nowhere while the row is blocked", async () => {
    standIn.pages.set("https://example.org/", { title: "Example Org" });
    await gateway.client.call("blockConnection", { params: { rowId: "link-preview" } });
    const before = standIn.requests.length;
    expect(await preview("https://example.org/")).toMatchObject({ state: "unavailable", reason: "blocked" });
    expect(standIn.requests.length).toBe(before);
    await gateway.client.call("unblockConnection", { params: { rowId: "link-preview" } });
    expect(await preview("https://example.org/")).toMatchObject({ state: "ready", title: "Example Org" });
  });

  it("refuses a URL longer than the route takes", async () => {
    await expect(preview(`https://example.com/${"a".repeat(2100)}`)).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});

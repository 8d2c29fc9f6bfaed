import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { faviconPath } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaviconStandIn, samplePng, startFaviconStandIn } from "../favicons/favicon-stand-in.ts";
import { closedPort } from "../testing/closed-port.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { apiTokenOf } from "../testing/user-session-kit.ts";

/*
 * `GET /v1/favicons/:domain` on a real gateway process, its favicon row pointed at a stand-in by configuration
 * (`MULTICLAW_FAVICON_URL`), exactly as the App's `<img>` reaches it (here with the API token).
 */

let standIn: FaviconStandIn;
let home: string;
let gateway: GatewayProcess;
let token: string;

beforeAll(async () => {
  standIn = await startFaviconStandIn();
  home = await mkdtemp(join(tmpdir(), "multiclaw-favicons-"));
  gateway = await spawnGatewayProcess({
    home,
    cloudUrl: `http://127.0.0.1:${await closedPort()}`,
    env: { MULTICLAW_FAVICON_URL: standIn.url },
  });
  token = await apiTokenOf(home);
}, 60_000);
afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await standIn?.close();
  await rm(home, { recursive: true, force: true });
});

const get = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }) =>
  fetch(`${gateway.url}${path}`, { headers });

describe("the favicon route", () => {
  it("serves the icon's bytes from the gateway's origin, kept a day by this browser only", async () => {
    standIn.icons.set("example.com", {
      status: 200,
      headers: { "content-type": "image/png" },
      body: samplePng,
    });
    const answer = await get(faviconPath("Example.com"));
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("image/png");
    expect(answer.headers.get("cache-control")).toBe("private, max-age=86400");
    expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(samplePng);
    expect(standIn.requests.map((request) => request.url)).toEqual(["/s2/favicons?domain=example.com&sz=32"]);
    const log = await gateway.client.call("connectionLog", { query: { limit: 100 } });
    expect(log.entries.filter((entry) => entry.rowId === "favicon")).toHaveLength(1);
  });

  it("asks for the token (or the App's session)", async () => {
    expect((await get(faviconPath("example.com"), {})).status).toBe(401);
  });

  it("answers 404 for a host of this machine or network, without asking the service", async () => {
    const before = standIn.requests.length;
    for (const domain of ["localhost", "intranet", "192.168.1.1", "nas.local"]) {
      const answer = await get(faviconPath(domain));
      expect(answer.status, domain).toBe(404);
      expect(answer.headers.get("content-type")).toBe("application/problem+json");
    }
    expect(standIn.requests.length).toBe(before);
  });

  it("refuses what is not a domain name", async () => {
    expect((await get("/v1/favicons/exa_mple.com")).status).toBe(400);
  });

  it("answers 404 and connects nowhere while the favicon row is blocked", async () => {
    standIn.icons.set("blocked.example", {
      status: 200,
      headers: { "content-type": "image/png" },
      body: samplePng,
    });
    await gateway.client.call("blockConnection", { params: { rowId: "favicon" } });
    const before = standIn.requests.length;
    expect((await get(faviconPath("blocked.example"))).status).toBe(404);
    expect(standIn.requests.length).toBe(before);
    const rows = await gateway.client.call("listConnections");
    expect(rows.rows.find((row) => row.id === "favicon")?.state).toBe("blocked");
    await gateway.client.call("unblockConnection", { params: { rowId: "favicon" } });
    expect((await get(faviconPath("blocked.example"))).status).toBe(200);
  });
});

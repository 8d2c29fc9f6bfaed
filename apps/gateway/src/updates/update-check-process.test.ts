import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "../testing/closed-port.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { waitFor } from "../testing/wait-for.ts";
import { manifestText, signedEnvelope, testReleaseKey } from "./test-update-manifests.ts";
import { startTestUpdateServer, type TestUpdateServer } from "./test-update-server.ts";

/*
 * The update check in a real gateway process, configured by MULTICLAW_UPDATES_URL to a stand-in update server:
 * it checks as it starts, through its guard under row `updates`, sends the version and the OS only, and
 * believes only the key it ships — a manifest signed by any other key, such as this test's, is refused.
 */

let home: string;
let server: TestUpdateServer;
let gateway: GatewayProcess;

// Linux only: the stand-in serves the Linux manifest, and the User-Agent names the OS.
describe.runIf(process.platform === "linux")("the gateway process's update check", () => {
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "multiclaw-updates-process-"));
    server = await startTestUpdateServer();
    server.serve(
      "/updates/v1/stable/linux.json",
      signedEnvelope(manifestText({ version: "99.0.0" }), testReleaseKey()),
    );
    gateway = await spawnGatewayProcess({
      home,
      cloudUrl: `http://127.0.0.1:${await closedPort()}`,
      env: { MULTICLAW_UPDATES_URL: `${server.origin}/updates/v1`, MULTICLAW_UPDATE_CHECK: "launch" },
    });
  });
  afterAll(async () => {
    await gateway?.kill("SIGTERM");
    await server?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("checks at start with only its version and OS, and refuses a manifest its shipped key did not sign", async () => {
    const status = await waitFor("the check at start to end", async () => {
      const now = await gateway.client.call("updateStatus");
      return now.last ? now : undefined;
    });
    expect(status.last).toMatchObject({ kind: "refused", reason: "unknown-key" });

    const [request] = server.requests;
    expect(request?.path).toBe("/updates/v1/stable/linux.json");
    expect(request?.headers["user-agent"]).toMatch(/^MultiClaw\/\d+\.\d+\.\d+ \(linux\)$/);
    for (const name of ["cookie", "authorization"]) expect(request?.headers[name], name).toBeUndefined();

    const { entries } = await gateway.client.connectionLog({ limit: 100 });
    const port = Number(new URL(server.origin).port);
    expect(entries.filter((entry) => entry.port === port).map((entry) => entry.rowId)).toEqual(["updates"]);
  });

  it("shows no update and opens nothing once the user blocks the row", async () => {
    await gateway.client.blockConnection("updates");
    const asked = server.requests.length;
    expect(await gateway.client.call("checkForUpdates")).toMatchObject({ kind: "blocked" });
    expect(server.requests.length).toBe(asked);
    // Nothing else changed: the gateway still answers, and unblocking brings the check back.
    expect((await gateway.client.health()).ok).toBe(true);
    await gateway.client.unblockConnection("updates");
    expect(await gateway.client.call("checkForUpdates")).toMatchObject({ reason: "unknown-key" });
  });
});

import { createGatewayClient, type GatewayClient } from "@multiclaw/gateway-client";
import { afterEach, describe, expect, it } from "vitest";
import { dispatcherFetch } from "../cloud-link/index.ts";
import { createBlockedRows } from "../egress/blocked-rows.ts";
import { createGatewayEgress } from "../egress/gateway-egress.ts";
import { manifestText, signedEnvelope, testReleaseKey } from "../updates/test-update-manifests.ts";
import { startTestUpdateServer } from "../updates/test-update-server.ts";
import { createUpdateChecker } from "../updates/update-checker.ts";
import { startTestLocalApi } from "./test-local-api.ts";
import { createFakeGateway } from "./test-local-api-deps.ts";

/* The update routes over HTTP: a check through the real checker and egress to a stand-in update server. */

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function gatewayWithUpdates(): Promise<{ client: GatewayClient; publish(version: string): void }> {
  const key = testReleaseKey();
  const server = await startTestUpdateServer();
  cleanups.push(() => server.close());
  const state = new Map<string, unknown>();
  const egress = createGatewayEgress({
    state: { cloudUrl: () => undefined, configuredProviders: () => new Map(), mcpServers: () => [] },
    blocked: createBlockedRows({ get: (k) => state.get(k), set: (k, v) => state.set(k, v) }),
    serviceUrls: { updatesUrl: server.origin },
  });
  cleanups.push(() => egress.guard.close());
  const fake = createFakeGateway();
  fake.deps.updates = createUpdateChecker({
    fetch: dispatcherFetch(egress.guard.dispatcher),
    openRow: () => egress.windows.open("updates"),
    settings: { baseUrl: `${server.origin}/updates/v1`, channel: "stable", os: "linux", checkAtStart: false },
    installedVersion: "0.1.0",
    trustedKeys: [key.publicKey],
    installation: { method: "other", root: undefined },
    now: () => new Date("2026-12-07T12:00:00.000Z"),
  });
  const api = await startTestLocalApi({ fake });
  cleanups.push(() => api.close());
  const client = createGatewayClient({
    baseUrl: api.running.url,
    token: api.token,
    fetch: (url, init) => fetch(url, init),
  });
  return {
    client,
    publish: (version) =>
      server.serve(
        "/updates/v1/stable/linux.json",
        signedEnvelope(
          manifestText({ version, install: { downloadUrl: "https://multiclaw.io/download" } }),
          key,
        ),
      ),
  };
}

describe("the local API's update routes", () => {
  it("checks on demand and keeps the outcome for the App to read", async () => {
    const { client, publish } = await gatewayWithUpdates();
    expect(await client.call("updateStatus")).toEqual({
      installedVersion: "0.1.0",
      channel: "stable",
      os: "linux",
      checking: false,
      last: null,
    });

    publish("0.2.0");
    const result = await client.call("checkForUpdates");
    expect(result).toMatchObject({
      kind: "update-available",
      version: "0.2.0",
      instruction: { kind: "download", installedAs: "other", url: "https://multiclaw.io/download" },
    });
    expect((await client.call("updateStatus")).last).toEqual(result);
  });
});

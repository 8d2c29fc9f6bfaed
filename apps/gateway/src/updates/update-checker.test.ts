import type { UpdateCheckResult } from "@multiclaw/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dispatcherFetch } from "../cloud-link/index.ts";
import { createBlockedRows } from "../egress/blocked-rows.ts";
import { createGatewayEgress, type GatewayEgress } from "../egress/gateway-egress.ts";
import { waitFor } from "../testing/wait-for.ts";
import {
  type ManifestFields,
  manifestText,
  signedEnvelope,
  type TestReleaseKey,
  testReleaseKey,
} from "./test-update-manifests.ts";
import { startTestUpdateServer, type TestUpdateServer } from "./test-update-server.ts";
import { createUpdateChecker, type UpdateChecker } from "./update-checker.ts";

const NOW = new Date("2026-12-07T12:00:00.000Z");
const MANIFEST_PATH = "/updates/v1/stable/linux.json";
/** What undici's fetch sends on its own for a GET; anything beyond these and the User-Agent is ours. */
const FETCH_HEADERS = [
  "host",
  "connection",
  "accept",
  "accept-language",
  "accept-encoding",
  "sec-fetch-mode",
];

const trusted = testReleaseKey();
const stranger = testReleaseKey();

let server: TestUpdateServer;
let egress: GatewayEgress;
let checker: UpdateChecker;

function memoryState() {
  const values = new Map<string, unknown>();
  return {
    get: (key: string) => values.get(key),
    set: (key: string, value: unknown) => values.set(key, value),
  };
}

function checkerFor(baseUrl: string, installedVersion = "1.0.0"): UpdateChecker {
  return createUpdateChecker({
    fetch: dispatcherFetch(egress.guard.dispatcher),
    openRow: () => egress.windows.open("updates"),
    settings: { baseUrl, channel: "stable", os: "linux", checkAtStart: false },
    installedVersion,
    trustedKeys: [trusted.publicKey],
    installation: { method: "npm-global", root: "/usr/lib/node_modules/multiclaw" },
    now: () => NOW,
  });
}

function publish(fields: ManifestFields, key: TestReleaseKey = trusted): void {
  server.serve(MANIFEST_PATH, signedEnvelope(manifestText(fields), key));
}

function refusalOf(result: UpdateCheckResult) {
  return result.kind === "refused" ? result.reason : `not refused: ${result.kind}`;
}

beforeEach(async () => {
  server = await startTestUpdateServer();
  egress = createGatewayEgress({
    state: { cloudUrl: () => undefined, configuredProviders: () => new Map(), mcpServers: () => [] },
    blocked: createBlockedRows(memoryState()),
    serviceUrls: { updatesUrl: server.origin },
  });
  checker = checkerFor(`${server.origin}/updates/v1`);
});
afterEach(async () => {
  await egress.guard.close();
  await server.close();
});

describe("the update check", () => {
  it("offers a newer signed release, asking with the version and OS only, on the updates row", async () => {
    publish({ version: "1.2.3", notesUrl: "https://multiclaw.io/releases/1.2.3" });
    const rowWhileAsked: string[] = [];
    server.onRequest(() => {
      const row = egress.summary().find((each) => each.rowId === "updates");
      rowWhileAsked.push(`${row?.state} ${row?.openConnections}`);
    });

    const result = await checker.check();

    expect(result).toEqual({
      kind: "update-available",
      checkedAt: NOW.toISOString(),
      version: "1.2.3",
      releasedAt: "2026-12-01T00:00:00.000Z",
      notesUrl: "https://multiclaw.io/releases/1.2.3",
      instruction: { kind: "command", installedAs: "npm-global", command: "npm install -g multiclaw@1.2.3" },
    });
    const [request] = server.requests;
    expect(server.requests).toHaveLength(1);
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe(MANIFEST_PATH);
    expect(request?.headers["user-agent"]).toBe("MultiClaw/1.0.0 (linux)");
    const ours = request?.headerNames.filter((name) => !FETCH_HEADERS.includes(name));
    expect(ours).toEqual(["user-agent"]);
    for (const name of ["cookie", "authorization", "x-multiclaw-device", "x-multiclaw-instance"]) {
      expect(request?.headers[name], name).toBeUndefined();
    }

    // In the ledger under `updates` while it ran; once over, its connection is closed and the row idles.
    expect(rowWhileAsked).toEqual(["active 1"]);
    const port = Number(new URL(server.origin).port);
    expect(egress.ledger.entries().map((entry) => [entry.rowId, entry.port])).toEqual([["updates", port]]);
    // The kept-alive connection is cut as the check ends (row-windows.ts); its close lands a tick later.
    const after = await waitFor("the updates row to idle", () => {
      const row = egress.summary().find((each) => each.rowId === "updates");
      return row?.state === "idle" ? row : undefined;
    });
    expect(after).toMatchObject({ openConnections: 0, connections: 1 });
    expect(checker.status()).toMatchObject({ checking: false, last: result, installedVersion: "1.0.0" });
  });

  it("says up to date when the manifest is the installed version", async () => {
    publish({ version: "1.0.0" });
    expect((await checker.check()).kind).toBe("up-to-date");
  });

  it("refuses a manifest changed after it was signed", async () => {
    const text = manifestText({ version: "1.2.3" });
    const envelope = JSON.parse(signedEnvelope(text, trusted)) as { manifest: string };
    envelope.manifest = text.replace("multiclaw@1.2.3", "evil-claw@1.2.3");
    server.serve(MANIFEST_PATH, JSON.stringify(envelope));

    const result = await checker.check();
    expect(refusalOf(result)).toBe("tampered");
    expect(result.kind === "refused" && result.message).toContain("changed after it was signed");
  });

  it("refuses a manifest signed by a key it does not trust, however the envelope names it", async () => {
    publish({ version: "1.2.3" }, stranger);
    expect(refusalOf(await checker.check())).toBe("unknown-key");

    // Claiming the trusted key's id does not help: the trusted key does not verify the stranger's signature.
    server.serve(
      MANIFEST_PATH,
      signedEnvelope(manifestText({ version: "1.2.3" }), stranger, trusted.publicKey),
    );
    expect(refusalOf(await checker.check())).toBe("tampered");
  });

  it("refuses an expired manifest", async () => {
    publish({
      version: "1.2.3",
      releasedAt: "2026-06-01T00:00:00.000Z",
      expiresAt: "2026-09-01T00:00:00.000Z",
    });
    const result = await checker.check();
    expect(refusalOf(result)).toBe("expired");
    expect(result.kind === "refused" && result.message).toContain("expired on 2026-09-01");
  });

  it("refuses a release older than the installed one", async () => {
    publish({ version: "0.9.0" });
    const result = await checker.check();
    expect(refusalOf(result)).toBe("downgrade");
    expect(result.kind === "refused" && result.message).toContain("older than the installed 1.0.0");
  });

  it("refuses a validly signed manifest made for another operating system or channel", async () => {
    publish({ version: "1.2.3", os: "win32" });
    expect(refusalOf(await checker.check())).toBe("wrong-target");
    publish({ version: "1.2.3", channel: "beta" });
    expect(refusalOf(await checker.check())).toBe("wrong-target");
  });

  it("refuses an answer that is not a signed manifest", async () => {
    server.serve(MANIFEST_PATH, "<html>captive portal</html>");
    expect(refusalOf(await checker.check())).toBe("malformed");
  });

  it("shows nothing and asks nothing when the user blocked the updates row", async () => {
    publish({ version: "1.2.3" });
    egress.blocked.block("updates");

    const result = await checker.check();

    expect(result).toEqual({ kind: "blocked", checkedAt: NOW.toISOString() });
    expect(server.requests).toEqual([]);
    // The guard refused it, and the ledger says so; no connection was opened.
    expect(egress.ledger.entries()).toEqual([
      expect.objectContaining({ rowId: "updates", blockedReason: expect.stringContaining("you blocked it") }),
    ]);
    egress.blocked.unblock("updates");
    expect((await checker.check()).kind).toBe("update-available");
  });

  it("reports an update server that does not answer, or has no manifest, as unreachable", async () => {
    expect(await checker.check()).toMatchObject({
      kind: "unreachable",
      message: expect.stringContaining("404"),
    });
    await server.close();
    expect(await checker.check()).toMatchObject({
      kind: "unreachable",
      message: expect.stringContaining("could not be reached"),
    });
  });

  it("asks nothing on an operating system no release is published for", async () => {
    const elsewhere = createUpdateChecker({
      fetch: dispatcherFetch(egress.guard.dispatcher),
      openRow: () => egress.windows.open("updates"),
      settings: {
        baseUrl: `${server.origin}/updates/v1`,
        channel: "stable",
        os: undefined,
        checkAtStart: false,
      },
      installedVersion: "1.0.0",
      trustedKeys: [trusted.publicKey],
      installation: { method: "other", root: undefined },
      now: () => NOW,
    });
    expect(await elsewhere.check()).toMatchObject({ kind: "unreachable" });
    expect(elsewhere.status().os).toBeNull();
    expect(server.requests).toEqual([]);
  });

  it("joins a check already running instead of asking twice", async () => {
    publish({ version: "1.2.3" });
    const [first, second] = await Promise.all([checker.check(), checker.check()]);
    expect(first).toBe(second);
    expect(server.requests).toHaveLength(1);
  });
});

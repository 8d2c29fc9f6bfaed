import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { isGatewayApiError } from "@multiclaw/gateway-client";
import {
  type ConnectionCause,
  type ConnectionLogEntry,
  faviconPath,
  GATEWAY_CLOUD_PREFIX,
  type McpServerStatus,
  type Run,
  terminalRunStates,
} from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, PASSWORD, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { type FaviconStandIn, samplePng, startFaviconStandIn } from "../favicons/favicon-stand-in.ts";
import { type MicrolinkStandIn, startMicrolinkStandIn } from "../link-previews/microlink-stand-in.ts";
import { gatewayPaths } from "../paths.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import {
  type EverythingHttpServer,
  everythingServerScript,
  startEverythingHttp,
} from "../testing/mcp-everything.ts";
import { descendantsOf } from "../testing/process-tree.ts";
import { startSignedInGateway } from "../testing/signed-in-gateway.ts";
import { waitFor } from "../testing/wait-for.ts";

/*
 * Issue 20's Connections screen: for each connection, the feature or run that caused it. One real gateway
 * process, signed in to a real Cloud, walks what a person does in a morning (a chat whose run calls the model,
 * fetches a page and an MCP tool; a teammate's change synced; a link preview, a favicon, an update check; an MCP
 * server restarted) and every entry of its ledger must name its cause. Also here: the restart button's route,
 * and the Cloud URL that status and sign-in carry, also after a restart from the stored credential.
 */

let cloud: TestCloud;
let anthropic: LlmStandin;
let remote: EverythingHttpServer;
let previews: MicrolinkStandIn;
let favicons: FaviconStandIn;
/** Stands in for the update server on an origin of its own (on the Cloud's, a pooled connection might serve it). */
let updates: Server;
let home: string;
let gateway: GatewayProcess;
let ada: Account;
let scribeId: string;

const context = () => gateway.output().slice(-4000);
const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000) =>
  waitFor(what, probe, { timeoutMs, context });

async function mcpStatus(name: string): Promise<McpServerStatus | undefined> {
  const agent = (await gateway.client.listAgents()).agents.find((candidate) => candidate.id === scribeId);
  return agent?.mcpServers.find((server) => server.name === name);
}

async function finished(runId: string): Promise<Run> {
  return until(`run ${runId} to end`, async () => {
    const { run } = await gateway.client.getRun(runId);
    return terminalRunStates.includes(run.state) ? run : undefined;
  });
}

const ledger = async (): Promise<ConnectionLogEntry[]> =>
  (await gateway.client.connectionLog({ limit: 1000 })).entries;
const feature = (cause: ConnectionCause | null) => (cause?.kind === "feature" ? cause.feature : undefined);
const gatewayToken = async () =>
  (await readFile(gatewayPaths({ MULTICLAW_HOME: home }).apiTokenFile, "utf8")).trim();

beforeAll(async () => {
  [cloud, anthropic, remote, previews, favicons, home] = await Promise.all([
    startTestCloud({ heartbeatIntervalMs: 250, eventPingIntervalMs: 1000 }),
    startLlmStandin(),
    startEverythingHttp(),
    startMicrolinkStandIn(),
    startFaviconStandIn(),
    mkdtemp(join(tmpdir(), "multiclaw-connection-causes-")),
  ]);
  previews.pages.set("https://example.com/article", { title: "An article" });
  favicons.icons.set("example.com", {
    status: 200,
    headers: { "content-type": "image/png" },
    body: samplePng,
  });
  updates = createServer((_request, response) => response.writeHead(404).end());
  await new Promise<void>((resolve) => updates.listen(0, "127.0.0.1", resolve));
  ada = await signUpPerson(cloud.cloud.url, "Ada");
  const { workspaceId } = ada;
  await ada.cloud.call("putProviderKey", {
    params: { workspaceId, provider: "anthropic" },
    body: { apiKey: "sk-ant-causes-0001", baseUrl: anthropic.baseUrls.anthropic },
  });
  scribeId = (
    await ada.cloud.call("createAgent", {
      params: { workspaceId },
      body: {
        name: "Scribe",
        provider: "anthropic",
        model: "claude-test",
        mcpServers: {
          local: { command: process.execPath, args: [everythingServerScript, "stdio"] },
          remote: { url: remote.url },
        },
      },
    })
  ).id;
  gateway = await startSignedInGateway({
    home,
    cloudUrl: cloud.cloud.url,
    approver: ada,
    env: {
      MULTICLAW_LINK_PREVIEW_URL: previews.url,
      MULTICLAW_FAVICON_URL: favicons.url,
      // Any answer will do: the check's connection is what is looked at.
      MULTICLAW_UPDATES_URL: `http://127.0.0.1:${(updates.address() as AddressInfo).port}/updates/v1`,
    },
  });
  await until("both MCP servers to run", async () =>
    (await mcpStatus("local"))?.state === "running" && (await mcpStatus("remote"))?.state === "running"
      ? true
      : undefined,
  );
}, 120_000);

afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await Promise.all([anthropic?.close(), remote?.close(), previews?.close(), favicons?.close()]);
  await cloud?.close();
  await new Promise((resolve) => (updates ? updates.close(resolve) : resolve(undefined)));
  if (home) await rm(home, { recursive: true, force: true });
});

describe("the cause of each connection", () => {
  it("is recorded for every entry of a morning's ledger: runs, sync, previews, favicons, updates, MCP", async () => {
    // A run that calls the model, a web page (refused: web-fetch is blocked, so the attempt is in the ledger
    // without this machine needing a way out) and the remote MCP server.
    await gateway.client.blockConnection("web-fetch");
    anthropic.enqueue(
      {
        type: "tool-calls",
        calls: [
          { name: "web_fetch", input: { url: "https://pages.invalid/article" } },
          { name: "remote__echo", input: { message: "hello" } },
        ],
      },
      { type: "text", text: "done" },
    );
    const started = await gateway.client.createConversation({ agentId: scribeId, text: "look it up" });
    const run = await finished(started.id);
    expect(run.state).toBe("completed");
    await gateway.client.unblockConnection("web-fetch");

    // A teammate's change, synced.
    await ada.cloud.call("updateAgent", {
      params: { workspaceId: ada.workspaceId, agentId: scribeId },
      body: { name: "Scribe 2" },
    });
    await until("the rename to sync", async () =>
      (await gateway.client.listAgents()).agents.some((agent) => agent.name === "Scribe 2")
        ? true
        : undefined,
    );

    // What the App asks the gateway for: the person's own sign-in, a Cloud call as them, a preview, an icon…
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    const asAda = await fetch(
      `${gateway.url}${GATEWAY_CLOUD_PREFIX}/v1/workspaces/${ada.workspaceId}/agents`,
      {
        headers: { authorization: `Bearer ${await gatewayToken()}` },
      },
    );
    expect(asAda.status).toBe(200);
    const preview = await gateway.client.linkPreview("https://example.com/article");
    const icon = await fetch(`${gateway.url}${faviconPath("example.com")}`, {
      headers: { authorization: `Bearer ${await gatewayToken()}` },
    });
    expect(icon.status).toBe(200);
    await gateway.client.checkForUpdates();

    const entries = await ledger();
    // The claim of the screen: nothing in the ledger is without its cause.
    expect(entries.filter((entry) => entry.cause === null)).toEqual([]);

    const runCause = { kind: "run", runId: run.id, agentId: scribeId, conversationId: run.conversationId };
    expect(
      entries.filter((entry) => entry.rowId === "llm-anthropic").map((entry) => entry.cause),
    ).toContainEqual(runCause);
    expect(entries).toContainEqual(
      expect.objectContaining({ rowId: "web-fetch", host: "pages.invalid", cause: runCause }),
    );
    // MCP traffic is the server's while it starts, the run's when the run's call opens a connection.
    const mcpCauses = entries.filter((entry) => entry.rowId === "mcp:remote").map((entry) => entry.cause);
    expect(mcpCauses).toContainEqual({ kind: "feature", feature: "mcp-server", detail: "remote" });
    for (const cause of mcpCauses) {
      if (cause?.kind !== "run")
        expect(cause).toEqual({ kind: "feature", feature: "mcp-server", detail: "remote" });
    }
    expect(
      entries.filter((entry) => entry.rowId === "cloud-events").map((entry) => feature(entry.cause)),
    ).toContain("cloud-link");
    // The first Cloud connection was the sign-in's; the rest are the link's own features.
    const cloudFeatures = new Set(
      entries.filter((entry) => entry.rowId === "cloud-api").map((e) => feature(e.cause)),
    );
    expect(cloudFeatures.has("device-login")).toBe(true);
    for (const name of cloudFeatures) {
      expect([
        "device-login",
        "cloud-link",
        "config-sync",
        "task-assignment",
        "task-report",
        "user-session",
        "app-cloud-call",
      ]).toContain(name);
    }
    expect(entries.find((entry) => entry.rowId === "favicon")?.cause).toEqual({
      kind: "feature",
      feature: "favicon",
      detail: null,
    });
    expect(entries.find((entry) => entry.rowId === "updates")?.cause).toMatchObject({
      feature: "update-check",
    });

    // Link previews exist from Node 24 on (decision 0010); before, the row says why it is off.
    const previewRow = (await gateway.client.listConnections()).rows.find((row) => row.id === "link-preview");
    if (Number(process.versions.node.split(".")[0]) >= 24) {
      expect(preview.state).toBe("ready");
      expect(entries.find((entry) => entry.rowId === "link-preview")?.cause).toMatchObject({
        feature: "link-preview",
      });
      expect(previewRow?.unavailableReason).toBeNull();
    } else {
      expect(preview.state).toBe("unavailable");
      expect(previewRow?.unavailableReason).toBe(
        `Link previews needs Node 24 (this is ${process.versions.node})`,
      );
    }
  });
});

describe("restarting an MCP server (the Agents screen's button)", () => {
  it("stops the stdio server's process, starts a new one and answers its state and tools", async () => {
    const running = async () =>
      (await descendantsOf(gateway.pid)).filter((child) =>
        child.commandLine.includes(everythingServerScript),
      );
    const [before] = await running();
    if (!before) throw new Error("the local server runs no process");

    const status = await gateway.client.restartMcpServer(scribeId, "local");

    expect(status).toMatchObject({ name: "local", transport: "stdio", state: "running", reason: null });
    expect(status.toolCount).toBeGreaterThan(0);
    const after = await running();
    expect(after).toHaveLength(1);
    expect(after[0]?.pid).not.toBe(before.pid);
  });

  it("reconnects an HTTP server, its new connection caused by the server, not by whoever asked", async () => {
    const offset = (await ledger()).length;
    const status = await gateway.client.restartMcpServer(scribeId, "remote");
    expect(status).toMatchObject({ name: "remote", transport: "http", state: "running" });
    const fresh = (await ledger()).slice(offset).filter((entry) => entry.rowId === "mcp:remote");
    expect(fresh.length).toBeGreaterThan(0);
    for (const entry of fresh) {
      expect(entry.cause).toEqual({ kind: "feature", feature: "mcp-server", detail: "remote" });
    }
  });

  it("answers NOT_FOUND for a server the agent does not have", async () => {
    const refused = await gateway.client
      .restartMcpServer(scribeId, "nothing")
      .catch((error: unknown) => error);
    expect(isGatewayApiError(refused) && refused.code).toBe("NOT_FOUND");
  });
});

describe("the Cloud a gateway is signed in to", () => {
  it("is in its status and its sign-in, also after a restart from the stored credential", async () => {
    expect((await gateway.client.status()).cloudUrl).toBe(cloud.cloud.url);
    expect((await gateway.client.loginStatus()).cloudUrl).toBe(cloud.cloud.url);

    await gateway.kill("SIGTERM");
    // The default Cloud of the restarted process is elsewhere: the answer must come from the credential.
    gateway = await spawnGatewayProcess({ home, cloudUrl: "http://127.0.0.1:9" });
    await until("the restarted gateway to connect", async () =>
      (await gateway.client.status()).cloudLink.state === "connected" ? true : undefined,
    );
    expect((await gateway.client.loginStatus()).cloudUrl).toBe(cloud.cloud.url);
    expect((await gateway.client.status()).cloudUrl).toBe(cloud.cloud.url);
  });

  it("is the default Cloud while signed out", async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), "multiclaw-signed-out-"));
    const signedOut = await spawnGatewayProcess({ home: elsewhere, cloudUrl: cloud.cloud.url });
    try {
      expect((await signedOut.client.loginStatus()).cloudUrl).toBe(cloud.cloud.url);
      expect(await signedOut.client.status()).toMatchObject({ signedIn: null, cloudUrl: cloud.cloud.url });
    } finally {
      await signedOut.kill("SIGTERM");
      await rm(elsewhere, { recursive: true, force: true });
    }
  });
});

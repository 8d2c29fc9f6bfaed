import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type LlmStandin, type StandinToolCall, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import {
  type ConnectionRow,
  type McpServerStatus,
  type Run,
  type RunEvent,
  type Task,
  terminalRunStates,
} from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, restartCloud, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { closedPort } from "../testing/closed-port.ts";
import type { GatewayProcess } from "../testing/gateway-process.ts";
import {
  type EverythingHttpServer,
  everythingServerScript,
  startEverythingHttp,
} from "../testing/mcp-everything.ts";
import { descendantsOf } from "../testing/process-tree.ts";
import { startSignedInGateway } from "../testing/signed-in-gateway.ts";
import { waitFor } from "../testing/wait-for.ts";

/*
 * Network contract, statement 5 — block one, lose only its feature. For every row the gateway has today, with
 * that row blocked by the user (`multiclaw connections block <row>`, the local API) and, separately, with its
 * configuration pointing at a closed port: the degradation docs/network.md documents happens, the product says
 * so where the feature lives, every other feature still passes, and undoing it restores the feature.
 *
 * One Cloud and one real gateway process for all cases, with real parts: the device sign-in, the official MCP
 * "everything" server over stdio and over Streamable HTTP, the real AI SDK providers against one stand-in per
 * vendor (so each provider row has its own host, as the vendors do).
 *
 * Closed ports: the Cloud's two rows share its origin in a gateway's configuration, so "the Cloud down" covers
 * both; the event stream alone on a closed port (its URL is link configuration, not a gateway setting) is shown
 * at the link in cloud-link/blocked-link.test.ts.
 */

let cloud: TestCloud;
let anthropic: LlmStandin;
let openai: LlmStandin;
let gemini: LlmStandin;
let remote: EverythingHttpServer;
let home: string;
let gateway: GatewayProcess;
let ada: Account;
/** The agent on Anthropic with both MCP servers: chat, MCP over stdio and HTTP, built-ins, web.fetch. */
let scribeId: string;
/** The agent on OpenAI: the other provider, and the one teammates' changes are made to. */
let relayId: string;
/**
 * The agent on Gemini that assignments go to. Its own stand-in holds only plan turns, one per assignment, so a
 * task claimed late (after an outage) still finds its plan, whatever other chats ran meanwhile.
 */
let plannerId: string;
let serial = 0;

const servers = () => ({
  local: { command: process.execPath, args: [everythingServerScript, "stdio"] },
  remote: { url: remote.url },
});

const context = () => gateway.output().slice(-4000);
/** Where the gateway's --require probe answers (the last test). */
const probeFile = () => join(home, "builtin-undici-probe.json");
const until = <T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000) =>
  waitFor(what, probe, { timeoutMs, context });

async function connectionRow(id: string): Promise<ConnectionRow> {
  const row = (await gateway.client.listConnections()).rows.find((candidate) => candidate.id === id);
  if (!row) throw new Error(`no connection row ${id}`);
  return row;
}

async function mcpStatus(name: string): Promise<McpServerStatus | undefined> {
  const agent = (await gateway.client.listAgents()).agents.find((candidate) => candidate.id === scribeId);
  return agent?.mcpServers.find((server) => server.name === name);
}

async function cloudLink() {
  return (await gateway.client.status()).cloudLink;
}

/** Lines the gateway logged after `offset` (pino JSON) whose message contains `text`. */
function logged(offset: number, text: string): string[] {
  return gateway
    .output()
    .slice(offset)
    .split("\n")
    .filter((line) => line.includes(`"msg":"`) && line.includes(text));
}

async function finished(runId: string): Promise<{ run: Run; events: RunEvent[] }> {
  const run = await until(`run ${runId} to end`, async () => {
    const detail = await gateway.client.getRun(runId);
    return terminalRunStates.includes(detail.run.state) ? detail.run : undefined;
  });
  const { events } = await gateway.client.listRunEvents(runId, { limit: 1000 });
  return { run, events };
}

function toolResults(events: readonly RunEvent[]) {
  return new Map(
    events.flatMap((event) => (event.event.type === "tool-result" ? [[event.event.tool, event.event]] : [])),
  );
}

/**
 * A chat turn of the Anthropic agent that calls `calls` and then answers. Returns the run, its tool results
 * by tool, and the tools the model was offered.
 */
async function scribeTurn(calls: readonly StandinToolCall[]) {
  serial += 1;
  const reply = `scribe reply ${serial}`;
  const before = anthropic.requests.length;
  anthropic.enqueue({ type: "tool-calls", calls }, { type: "text", text: reply });
  const started = await gateway.client.createConversation({ agentId: scribeId, text: `work ${serial}` });
  const { run, events } = await finished(started.id);
  return { run, reply, results: toolResults(events), offered: anthropic.requests[before]?.toolNames ?? [] };
}

const echo = (server: string): StandinToolCall => ({
  name: `${server}__echo`,
  input: { message: `through ${server}` },
});
const writeNote = (): StandinToolCall => ({
  name: "files_write",
  input: { path: `note-${serial + 1}.md`, content: "written by the agent" },
});

/** The Anthropic agent works with MCP over stdio, MCP over HTTP and a built-in tool. */
async function scribeWorks(except: readonly string[] = []): Promise<void> {
  const calls = [
    ...(except.includes("local") ? [] : [echo("local")]),
    ...(except.includes("remote") ? [] : [echo("remote")]),
    writeNote(),
  ];
  const turn = await scribeTurn(calls);
  expect(turn.run.error).toBeNull();
  expect(turn.run.state).toBe("completed");
  for (const call of calls) {
    const tool = call.name === "files_write" ? "files.write" : call.name;
    expect(turn.results.get(tool), tool).toMatchObject({ ok: true });
  }
  if (!except.includes("local")) expect(turn.results.get("local__echo")?.output).toContain("through local");
  if (!except.includes("remote"))
    expect(turn.results.get("remote__echo")?.output).toContain("through remote");
}

/** The OpenAI agent answers a chat turn. */
async function relayWorks(): Promise<void> {
  serial += 1;
  openai.enqueue({ type: "text", text: `relay reply ${serial}` });
  const started = await gateway.client.createConversation({ agentId: relayId, text: `hello ${serial}` });
  const { run } = await finished(started.id);
  expect(run.error).toBeNull();
  expect(run.state).toBe("completed");
}

/** A teammate's change to an agent reaches the gateway. */
async function renameRelay(): Promise<string> {
  serial += 1;
  const name = `Relay ${serial}`;
  await ada.cloud.call("updateAgent", {
    params: { workspaceId: ada.workspaceId, agentId: relayId },
    body: { name },
  });
  return name;
}
async function relayNamed(name: string): Promise<void> {
  await until(`the agent rename to ${name} to sync`, async () =>
    (await gateway.client.listAgents()).agents.some((agent) => agent.name === name) ? true : undefined,
  );
}

async function cloudTask(taskId: string): Promise<Task> {
  return ada.cloud.call("getTask", { params: { workspaceId: ada.workspaceId, taskId } });
}

/** A teammate assigns a task to the Gemini agent (its plan is scripted). */
async function assignTask(): Promise<Task> {
  serial += 1;
  gemini.enqueue({
    type: "tool-calls",
    calls: [{ name: "propose_plan", input: { steps: [{ title: "Look", detail: "", delegateTo: null }] } }],
  });
  return ada.cloud.call("createTask", {
    params: { workspaceId: ada.workspaceId },
    body: { title: `Task ${serial}`, assigneeAgentId: plannerId },
    idempotencyKey: `matrix-task-${serial}`,
  });
}

/** The gateway took the task, planned, and reports to the Cloud as the user rejects the plan. */
async function assignmentCompletes(task: Task): Promise<void> {
  await until("the Cloud task to await approval", async () =>
    (await cloudTask(task.id)).state === "awaiting-approval" ? true : undefined,
  );
  const run = (await gateway.client.listRuns({})).runs.find((candidate) => candidate.taskId === task.id);
  if (!run) throw new Error("no run for the task");
  await gateway.client.decidePlan(run.id, { decision: "reject", reason: "not now" });
  const ended = await until("the Cloud task to fail as rejected", async () => {
    const current = await cloudTask(task.id);
    return current.state === "failed" ? current : undefined;
  });
  expect(ended.failureCode).toBe("PLAN_REJECTED");
}

/** Every feature that does not depend on the row under test still passes. */
async function otherFeaturesPass(
  skip: readonly ("link" | "sync" | "assignments" | "scribe")[],
): Promise<void> {
  if (!skip.includes("link")) expect(await cloudLink()).toMatchObject({ state: "connected", reason: null });
  if (!skip.includes("sync")) await relayNamed(await renameRelay());
  if (!skip.includes("assignments")) await assignmentCompletes(await assignTask());
  if (!skip.includes("scribe")) await scribeWorks();
  await relayWorks();
}

beforeAll(async () => {
  [cloud, anthropic, openai, gemini, remote, home] = await Promise.all([
    startTestCloud({ heartbeatIntervalMs: 250, eventPingIntervalMs: 1000 }),
    startLlmStandin(),
    startLlmStandin(),
    startLlmStandin(),
    startEverythingHttp(),
    mkdtemp(join(tmpdir(), "multiclaw-block-matrix-")),
  ]);
  ada = await signUpPerson(cloud.cloud.url, "Ada");
  const workspaceId = ada.workspaceId;
  await ada.cloud.call("putProviderKey", {
    params: { workspaceId, provider: "anthropic" },
    body: { apiKey: "sk-ant-matrix-0001", baseUrl: anthropic.baseUrls.anthropic },
  });
  await ada.cloud.call("putProviderKey", {
    params: { workspaceId, provider: "openai" },
    body: { apiKey: "sk-openai-matrix-0001", baseUrl: openai.baseUrls.openai },
  });
  await ada.cloud.call("putProviderKey", {
    params: { workspaceId, provider: "gemini" },
    body: { apiKey: "gemini-matrix-0001", baseUrl: gemini.baseUrls.gemini },
  });
  scribeId = (
    await ada.cloud.call("createAgent", {
      params: { workspaceId },
      body: { name: "Scribe", provider: "anthropic", model: "claude-test", mcpServers: servers() },
    })
  ).id;
  relayId = (
    await ada.cloud.call("createAgent", {
      params: { workspaceId },
      body: { name: "Relay", provider: "openai", model: "gpt-test" },
    })
  ).id;
  plannerId = (
    await ada.cloud.call("createAgent", {
      params: { workspaceId },
      body: { name: "Planner", provider: "gemini", model: "gemini-test" },
    })
  ).id;
  gateway = await startSignedInGateway({
    home,
    cloudUrl: cloud.cloud.url,
    approver: ada,
    // Tells, when asked, whether anything in the gateway loaded Node's built-in undici (the last test).
    nodeArgs: ["--require", fileURLToPath(new URL("../testing/builtin-undici-probe.cjs", import.meta.url))],
    env: { MULTICLAW_TEST_PROBE_FILE: probeFile() },
  });
  await until("both MCP servers to run", async () =>
    (await mcpStatus("local"))?.state === "running" && (await mcpStatus("remote"))?.state === "running"
      ? true
      : undefined,
  );
}, 120_000);

afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await Promise.all([anthropic?.close(), openai?.close(), gemini?.close(), remote?.close()]);
  await cloud?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("network contract statement 5: block one row, lose only its feature", () => {
  it("everything works before anything is blocked", async () => {
    await otherFeaturesPass([]);
  });

  describe("blocked by the user through the local API", () => {
    it("cloud-events: live updates unavailable, changes and assignments still arrive at the next sync", async () => {
      const offset = gateway.output().length;
      const row = await gateway.client.blockConnection("cloud-events");
      expect(row).toMatchObject({ id: "cloud-events", blockedByUser: true });

      const link = await until("the link to say live updates are unavailable", async () => {
        const current = await cloudLink();
        return current.reason?.startsWith("live-updates-unavailable") ? current : undefined;
      });
      expect(link.state).toBe("offline");
      expect(link.reason).toContain("cloud-events is blocked");
      expect(link.reason).toContain("multiclaw connections unblock cloud-events");
      expect(await connectionRow("cloud-events")).toMatchObject({ state: "blocked", openConnections: 0 });

      // Configuration and assignments come by polling; chat and tools do not need the stream at all.
      await otherFeaturesPass(["link"]);
      // Refused at once and said once: no reconnection storm (at most the one cut connection is retried).
      expect(logged(offset, "live updates unavailable")).toHaveLength(1);
      expect(logged(offset, "cloud event stream reconnecting").length).toBeLessThanOrEqual(1);
      expect((await connectionRow("cloud-events")).refusals).toBeGreaterThan(0);

      await gateway.client.unblockConnection("cloud-events");
      await until("the event stream to reconnect", async () =>
        (await cloudLink()).state === "connected" ? true : undefined,
      );
      await otherFeaturesPass([]);
    });

    it("cloud-api: offline, saying why; no sync and no assignments until unblocked; local work goes on", async () => {
      const offset = gateway.output().length;
      await gateway.client.blockConnection("cloud-api");
      const link = await until("the link to go offline for the block", async () => {
        const current = await cloudLink();
        return current.state === "offline" && current.reason?.startsWith("cloud-api-blocked")
          ? current
          : undefined;
      });
      expect(link.reason).toContain("multiclaw connections unblock cloud-api");
      expect(link.reason).toContain("no sync and no task assignments");

      // What depends on the Cloud stops: after several refused heartbeats the change and the task are still
      // where the Cloud left them.
      const name = await renameRelay();
      const task = await assignTask();
      const refusals = (await connectionRow("cloud-api")).refusals;
      await until("three more refused heartbeats", async () =>
        (await connectionRow("cloud-api")).refusals >= refusals + 3 ? true : undefined,
      );
      expect((await gateway.client.listAgents()).agents.some((agent) => agent.name === name)).toBe(false);
      expect((await cloudTask(task.id)).state).toBe("assigned");
      // Everything local still works: both providers, MCP over stdio and HTTP, built-in tools.
      await otherFeaturesPass(["link", "sync", "assignments"]);
      // One warning for the block; refused beats are not logged as failures, and nothing backs off.
      expect(logged(offset, "the egress guard refuses the Cloud API")).toHaveLength(1);
      expect(logged(offset, "heartbeat failed")).toEqual([]);
      expect(logged(offset, "cloud event stream reconnecting")).toEqual([]);

      await gateway.client.unblockConnection("cloud-api");
      await until("the link to reconnect", async () =>
        (await cloudLink()).state === "connected" ? true : undefined,
      );
      // What was missed arrives: the change and the assignment made while blocked.
      await relayNamed(name);
      await assignmentCompletes(task);
      await otherFeaturesPass([]);
    });

    it("llm-anthropic: its runs fail at once with EGRESS_BLOCKED naming the row; the other provider works", async () => {
      await gateway.client.blockConnection("llm-anthropic");
      const requests = anthropic.requestCount();
      const refusals = (await connectionRow("llm-anthropic")).refusals;
      const started = await gateway.client.createConversation({
        agentId: scribeId,
        text: "blocked provider",
      });
      const { run } = await finished(started.id);
      expect(run.state).toBe("failed");
      expect(run.error?.code).toBe("EGRESS_BLOCKED");
      expect(run.error?.message).toContain("llm-anthropic");
      expect(run.error?.message).toContain("multiclaw connections unblock llm-anthropic");
      // Nothing reached the vendor, and the refusal was not retried.
      expect(anthropic.requestCount()).toBe(requests);
      expect((await connectionRow("llm-anthropic")).refusals).toBe(refusals + 1);
      expect(await connectionRow("llm-anthropic")).toMatchObject({ state: "blocked", blockedByUser: true });
      // The agent's MCP servers are unaffected.
      expect((await mcpStatus("local"))?.state).toBe("running");

      await otherFeaturesPass(["scribe"]);

      await gateway.client.unblockConnection("llm-anthropic");
      await scribeWorks();
    });

    it.each([
      ["remote", "http"],
      ["local", "stdio"],
    ] as const)(
      "mcp:%s (%s): disabled, its tools gone; the other server and the built-ins work",
      async (server, _transport) => {
        const other = server === "local" ? "remote" : "local";
        await gateway.client.blockConnection(`mcp:${server}`);
        const status = await until(`${server} to stop`, async () => {
          const current = await mcpStatus(server);
          return current?.state === "disabled" ? current : undefined;
        });
        expect(status.toolCount).toBe(0);
        expect(status.reason).toBe(`blocked by you (multiclaw connections unblock mcp:${server})`);
        expect(await connectionRow(`mcp:${server}`)).toMatchObject({ state: "blocked", openConnections: 0 });
        if (server === "local") {
          // Not running: no process of the gateway runs the server's script any more.
          const running = (await descendantsOf(gateway.pid)).filter((child) =>
            child.commandLine.includes(everythingServerScript),
          );
          expect(running).toEqual([]);
        }

        const turn = await scribeTurn([echo(other), writeNote()]);
        expect(turn.run.state).toBe("completed");
        expect(turn.offered.filter((tool) => tool.startsWith(`${server}__`))).toEqual([]);
        expect(turn.offered).toContain(`${other}__echo`);
        expect(turn.offered).toContain("files_write");
        expect(turn.results.get(`${other}__echo`)).toMatchObject({ ok: true });
        expect(turn.results.get("files.write")).toMatchObject({ ok: true });

        await otherFeaturesPass(["scribe"]);

        await gateway.client.unblockConnection(`mcp:${server}`);
        await until(`${server} to run again`, async () =>
          (await mcpStatus(server))?.state === "running" ? true : undefined,
        );
        await scribeWorks();
      },
    );

    it("web-fetch: web.fetch answers EGRESS_BLOCKED naming the row; the run and everything else go on", async () => {
      await gateway.client.blockConnection("web-fetch");
      const page = "https://pages.invalid/article";
      const turn = await scribeTurn([{ name: "web_fetch", input: { url: page } }, echo("local")]);
      expect(turn.run.state).toBe("completed");
      const fetched = turn.results.get("web.fetch");
      expect(fetched).toMatchObject({ ok: false, error: { code: "EGRESS_BLOCKED" } });
      expect(fetched?.error?.message).toContain("multiclaw connections unblock web-fetch");
      expect(turn.results.get("local__echo")).toMatchObject({ ok: true });
      expect(await connectionRow("web-fetch")).toMatchObject({ state: "blocked", blockedByUser: true });

      await otherFeaturesPass([]);

      // Unblocked, the fetch is tried again (and fails only because this machine has no way out).
      await gateway.client.unblockConnection("web-fetch");
      const again = await scribeTurn([{ name: "web_fetch", input: { url: page } }]);
      expect(again.results.get("web.fetch")?.error?.code).toBe("TOOL_FAILED");
    });
  });

  describe("pointed at a closed port", () => {
    it("llm-anthropic: its runs fail with a clear error; the other provider and everything else work", async () => {
      const port = await closedPort();
      await ada.cloud.call("putProviderKey", {
        params: { workspaceId: ada.workspaceId, provider: "anthropic" },
        body: { apiKey: "sk-ant-matrix-0001", baseUrl: `http://127.0.0.1:${port}/v1` },
      });
      await until("the key's new base URL to sync", async () =>
        (await connectionRow("llm-anthropic")).hosts.includes(`127.0.0.1:${port}`) ? true : undefined,
      );
      // The provider's retries take seconds; the other features are checked meanwhile.
      const started = await gateway.client.createConversation({ agentId: scribeId, text: "nobody listens" });
      await otherFeaturesPass(["scribe"]);
      const { run } = await finished(started.id);
      expect(run.state).toBe("failed");
      expect(run.error?.code).toBe("PROVIDER_ERROR");
      expect(run.error?.message).toMatch(/could not reach anthropic/i);

      await ada.cloud.call("putProviderKey", {
        params: { workspaceId: ada.workspaceId, provider: "anthropic" },
        body: { apiKey: "sk-ant-matrix-0001", baseUrl: anthropic.baseUrls.anthropic },
      });
      await until("the stand-in's base URL to sync back", async () =>
        (await connectionRow("llm-anthropic")).hosts.includes(new URL(anthropic.origin).host)
          ? true
          : undefined,
      );
      await scribeWorks();
    });

    it("mcp:<name> over HTTP: the server is failing with the reason, its tools are absent; the rest works", async () => {
      const url = `http://127.0.0.1:${await closedPort()}/mcp`;
      await ada.cloud.call("updateAgent", {
        params: { workspaceId: ada.workspaceId, agentId: scribeId },
        body: { mcpServers: { ...servers(), gone: { url } } },
      });
      const status = await until("the unreachable server to fail", async () => {
        const current = await mcpStatus("gone");
        return current && (current.state === "restarting" || current.state === "failed")
          ? current
          : undefined;
      });
      expect(status.toolCount).toBe(0);
      expect(status.reason).toBeTruthy();

      const turn = await scribeTurn([echo("local"), echo("remote"), writeNote()]);
      expect(turn.run.state).toBe("completed");
      expect(turn.offered.filter((tool) => tool.startsWith("gone__"))).toEqual([]);
      for (const tool of ["local__echo", "remote__echo", "files.write"]) {
        expect(turn.results.get(tool), tool).toMatchObject({ ok: true });
      }
      await otherFeaturesPass(["scribe"]);

      await ada.cloud.call("updateAgent", {
        params: { workspaceId: ada.workspaceId, agentId: scribeId },
        body: { mcpServers: servers() },
      });
      await until("the unreachable server to be gone", async () =>
        (await mcpStatus("gone")) === undefined ? true : undefined,
      );
    });

    it("web-fetch: a page whose host cannot be reached fails the call clearly; the run goes on", async () => {
      // web-fetch may reach public addresses only, so loopback (where a closed port would be) is refused by
      // design; a name that resolves nowhere is how an unreachable page looks on this offline machine.
      const turn = await scribeTurn([
        { name: "web_fetch", input: { url: "https://unreachable.invalid/" } },
        echo("local"),
      ]);
      expect(turn.run.state).toBe("completed");
      const fetched = turn.results.get("web.fetch");
      expect(fetched).toMatchObject({ ok: false, error: { code: "TOOL_FAILED" } });
      expect(fetched?.error?.message).toContain("unreachable.invalid");
      expect(turn.results.get("local__echo")).toMatchObject({ ok: true });
      await otherFeaturesPass([]);
    });

    it("cloud-api and cloud-events (the Cloud down): the link says it is reconnecting; local work goes on", async () => {
      await restartCloud(cloud, async () => {
        const link = await until("the link to notice the Cloud is gone", async () => {
          const current = await cloudLink();
          return current.state !== "connected" ? current : undefined;
        });
        expect(link.reason).toBeTruthy();
        expect(link.reason).toMatch(/UNAVAILABLE|cloud-unreachable/);
        // Chat on both providers, MCP over stdio and HTTP, built-in tools: none of it needs the Cloud.
        await otherFeaturesPass(["link", "sync", "assignments"]);
      });
      await until("the link to reconnect to the restarted Cloud", async () =>
        (await cloudLink()).state === "connected" ? true : undefined,
      );
      await otherFeaturesPass([]);
    }, 60_000);
  });
});

describe("the gateway process, after all of the above", () => {
  it("never loaded Node's built-in copy of undici: its web classes are the guard's undici (decision 0008)", async () => {
    process.kill(gateway.pid, "SIGUSR2");
    const probe = await until("the probe's answer", () =>
      readFile(probeFile(), "utf8").then(
        (text) => JSON.parse(text) as unknown,
        () => undefined,
      ),
    );
    expect(probe).toEqual({ builtinUndici: [], responseIsNodes: false });
  });
});

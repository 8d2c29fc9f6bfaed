import { mkdtemp, readdir, readFile, readlink, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type LlmStandin, startLlmStandin } from "@multiclaw/agent/testing/llm-standin";
import { encodingsOf, findInDatabase } from "@multiclaw/cloud/testing/fixtures";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import type { Run, RunEvent, Task } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, restartCloud, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { descendantsOf } from "../testing/process-tree.ts";
import { waitFor } from "../testing/wait-for.ts";

/*
 * The whole flow of an assignment, with real parts: a Cloud, a gateway process signed in through the device
 * flow, the official MCP "everything" server, and the real AI SDK Anthropic provider against the stand-in.
 * A teammate assigns a task; the gateway plans, the user approves through the local API, the agent writes a
 * file and calls an MCP tool, the task ends done in the Cloud — and the Cloud never saw the work itself.
 * Later in the session an OpenAI key is added and a second agent chats on OpenAI (its own stand-in, so that,
 * as with the real vendors, each provider row has its own host), and the connection ledger is checked
 * against the rows whose conditions held.
 */

const require = createRequire(import.meta.url);
const everythingServer = join(
  dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist",
  "index.js",
);

/** Text that exists only in the work: the model's plan, tool arguments, tool output and reply. */
const canaries = {
  planStep: "Write the canary-plan-7f3 notes file",
  fileContent: "canary-file-content-9b2",
  echo: "canary-mcp-echo-c41",
  reply: "canary-final-reply-d85",
};

/** Keys entered through the Cloud API, which must never show up in plaintext on the gateway's side. */
const canaryKeys = { anthropic: "sk-ant-canary-key-0001", openai: "sk-openai-canary-key-0002" };

let cloud: TestCloud;
/** The stand-in the Anthropic key points at (it speaks every vendor's format; no other key points here). */
let llm: LlmStandin;
/** The OpenAI stand-in, on its own port. */
let openaiLlm: LlmStandin;
let home: string;
let gateway: GatewayProcess;
let ada: Account;
let bob: Account;
let agentId: string;

/** Waits for `probe`, showing the gateway's log tail if it times out. */
function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  return waitFor(what, probe, { context: () => gateway?.output().slice(-3000) ?? "" });
}

/** Every file under `directory` (SQLite files included, as bytes read as text). */
async function filesUnder(directory: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map(async (entry) => {
        const path = join(entry.parentPath, entry.name);
        return { path, text: (await readFile(path)).toString("latin1") };
      }),
  );
}

/** `address:port` of every TCP socket the processes listen on (Linux /proc; IPv6 shown as its hex). */
async function listeningAddressesOf(pids: readonly number[]): Promise<string[]> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
      const link = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => "");
      const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
      if (inode) inodes.add(inode);
    }
  }
  const found: string[] = [];
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    const lines = (await readFile(table, "utf8").catch(() => "")).split("\n").slice(1);
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // st 0A is LISTEN; the local address is hex, little-endian per 32-bit word.
      if (fields[3] !== "0A" || !inodes.has(fields[9] ?? "")) continue;
      const [hexAddress, hexPort] = (fields[1] ?? ":").split(":") as [string, string];
      const address =
        hexAddress.length === 8
          ? (hexAddress.match(/../g) ?? [])
              .reverse()
              .map((byte) => Number.parseInt(byte, 16))
              .join(".")
          : `[${hexAddress}]`;
      found.push(`${address}:${Number.parseInt(hexPort, 16)}`);
    }
  }
  return found;
}

async function cloudTask(taskId: string): Promise<Task> {
  return ada.cloud.call("getTask", { params: { workspaceId: ada.workspaceId, taskId } });
}

beforeAll(async () => {
  cloud = await startTestCloud();
  llm = await startLlmStandin();
  openaiLlm = await startLlmStandin();
  home = await mkdtemp(join(tmpdir(), "multiclaw-gateway-flow-"));
  ada = await signUpPerson(cloud.cloud.url, "Ada");
  bob = await signUpPerson(cloud.cloud.url, "Bob");
  const invitation = await ada.cloud.call("createInvitation", {
    params: { workspaceId: ada.workspaceId },
    body: { role: "member" },
  });
  await bob.cloud.call("acceptInvitation", { body: { token: invitation.token } });

  await ada.cloud.call("putProviderKey", {
    params: { workspaceId: ada.workspaceId, provider: "anthropic" },
    body: { apiKey: canaryKeys.anthropic, baseUrl: llm.baseUrls.anthropic },
  });
  const agent = await ada.cloud.call("createAgent", {
    params: { workspaceId: ada.workspaceId },
    body: {
      name: "Scribe",
      provider: "anthropic",
      model: "claude-test",
      mcpServers: {
        everything: { command: process.execPath, args: [everythingServer, "stdio"] },
        idle: { command: "/bin/sh", args: ["-c", `touch ${join(tmpdir(), "never")}`], enabled: false },
      },
    },
  });
  agentId = agent.id;

  gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
  const login = await gateway.client.startLogin({});
  expect(login.state).toBe("pending");
  await ada.cloud.call("deviceApprove", {
    body: { userCode: login.userCode as string, workspaceId: ada.workspaceId },
  });
  await until("signed in and synced", async () => {
    const status = await gateway.client.status();
    const ready = status.agents[0]?.mcpServers.find((server) => server.name === "everything");
    return status.cloudLink.state === "connected" && ready?.state === "running" ? status : undefined;
  });
}, 120_000);

afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await llm?.close();
  await openaiLlm?.close();
  await cloud?.close();
  if (home) await rm(home, { recursive: true, force: true });
});

describe("a teammate assigns a task to an agent on this gateway", () => {
  it("plans, waits for approval, works with built-in and MCP tools, and reports only coordination", async () => {
    llm.enqueue(
      {
        type: "tool-calls",
        calls: [
          {
            name: "propose_plan",
            input: {
              steps: [
                { title: canaries.planStep, detail: "", delegateTo: null },
                { title: "Echo it through the MCP server", detail: "", delegateTo: null },
              ],
            },
          },
        ],
      },
      {
        type: "tool-calls",
        calls: [{ name: "files_write", input: { path: "notes.md", content: canaries.fileContent } }],
      },
      { type: "tool-calls", calls: [{ name: "everything__echo", input: { message: canaries.echo } }] },
      { type: "text", text: ["Done: ", canaries.reply] },
    );

    const task = await bob.cloud.call("createTask", {
      params: { workspaceId: ada.workspaceId },
      body: { title: "Write the notes", assigneeAgentId: agentId },
      idempotencyKey: "flow-task-1",
    });

    const run = await until("the run to await plan approval", async () => {
      const { runs } = await gateway.client.listRuns({});
      const found = runs.find((candidate) => candidate.taskId === task.id);
      return found?.state === "awaiting-plan-approval" ? found : undefined;
    });
    await until("the Cloud task to await approval", async () =>
      (await cloudTask(task.id)).state === "awaiting-approval" ? true : undefined,
    );
    // Nothing ran before approval: the provider was asked for the plan only.
    expect(llm.requests).toHaveLength(1);
    expect(await readdir(join(home, "gateway", "agents", agentId, "workspace"))).toEqual([]);

    await gateway.client.decidePlan(run.id, { decision: "approve" });
    const finished: Run = await until("the run to finish", async () => {
      const detail = await gateway.client.getRun(run.id);
      return detail.run.state === "completed" || detail.run.state === "failed" ? detail.run : undefined;
    });
    expect(finished.error).toBeNull();
    expect(finished.state).toBe("completed");
    expect(finished.usage.totalTokens).toBeGreaterThan(0);

    const done = await until("the Cloud task to be done", async () => {
      const current = await cloudTask(task.id);
      return current.state === "done" ? current : undefined;
    });
    expect(done).toMatchObject({ state: "done", failureCode: null, assigneeAgentId: agentId });

    // The work happened: the file is in the agent's workspace, the MCP server echoed, the model saw both.
    expect(await readFile(join(home, "gateway", "agents", agentId, "workspace", "notes.md"), "utf8")).toBe(
      canaries.fileContent,
    );
    const events: RunEvent[] = (await gateway.client.listRunEvents(run.id, { limit: 1000 })).events;
    const results = events.flatMap((event) => (event.event.type === "tool-result" ? [event.event] : []));
    expect(results.map((result) => [result.tool, result.ok])).toEqual([
      ["files.write", true],
      ["everything__echo", true],
    ]);
    expect(results[1]?.output).toContain(canaries.echo);
    // Anthropic's tool_result names only the call id; the echoed text shows the model got the MCP answer.
    expect(
      llm.requests
        .at(-1)
        ?.toolResults.map((result) => result.outputText)
        .join(),
    ).toContain(canaries.echo);

    // The Cloud holds coordination only: none of the work's text is anywhere in its database.
    const leaks = await findInDatabase(cloud.database.db, Object.values(canaries));
    expect(leaks).toEqual([]);
    // The disabled MCP server was never started.
    await expect(readFile(join(tmpdir(), "never"))).rejects.toThrow();
  }, 90_000);

  it.each([
    ["openai", "gpt-test"],
    ["gemini", "gemini-test"],
    ["openai-compatible", "llama-test"],
  ] as const)(
    "never contacts %s without a key, even for an agent that names its models",
    async (provider, model) => {
      const keyless = await ada.cloud.call("createAgent", {
        params: { workspaceId: ada.workspaceId },
        body: { name: `Keyless ${provider}`, provider, model },
      });
      await until("the new agent to sync", async () =>
        (await gateway.client.listAgents()).agents.some((agent) => agent.id === keyless.id)
          ? true
          : undefined,
      );
      const before = llm.requests.length;
      const run = await gateway.client.createConversation({ agentId: keyless.id, text: "hello" });
      const failed = await until("the run to fail", async () => {
        const detail = await gateway.client.getRun(run.id);
        return detail.run.state === "failed" ? detail.run : undefined;
      });
      expect(failed.error?.code).toBe("KEY_NOT_CONFIGURED");
      expect(failed.error?.message.toLowerCase()).toContain(
        provider === "openai-compatible" ? "compatible" : provider,
      );
      expect(llm.requests.length).toBe(before);
      const rows = new Map((await gateway.client.listConnections()).rows.map((row) => [row.id, row]));
      for (const id of ["llm-openai", "llm-gemini", "llm-openai-compatible"]) {
        expect(rows.get(id)).toMatchObject({ state: "not-configured", connections: 0, refusals: 0 });
      }
      expect(rows.get("llm-anthropic")?.connections).toBeGreaterThan(0);
    },
  );

  it("chats on a second provider once its key is added: an agent on OpenAI answers through the local API", async () => {
    // After the keyless cases above, which need OpenAI without a key.
    await ada.cloud.call("putProviderKey", {
      params: { workspaceId: ada.workspaceId, provider: "openai" },
      body: { apiKey: canaryKeys.openai, baseUrl: openaiLlm.baseUrls.openai },
    });
    const relay = await ada.cloud.call("createAgent", {
      params: { workspaceId: ada.workspaceId },
      body: { name: "Relay", provider: "openai", model: "gpt-test" },
    });
    await until("the OpenAI key and the new agent to sync", async () => {
      const [{ agents }, { rows }] = await Promise.all([
        gateway.client.listAgents(),
        gateway.client.listConnections(),
      ]);
      const keyed = rows.find((row) => row.id === "llm-openai")?.state !== "not-configured";
      return keyed && agents.some((agent) => agent.id === relay.id) ? true : undefined;
    });

    const anthropicRequests = llm.requests.length;
    openaiLlm.enqueue({ type: "text", text: ["Relayed: ", "canary-openai-reply-a7e"] });
    const run = await gateway.client.createConversation({
      agentId: relay.id,
      text: "canary-openai-chat-5d0",
    });
    const finished: Run = await until("the OpenAI chat to finish", async () => {
      const detail = await gateway.client.getRun(run.id);
      return detail.run.state === "completed" || detail.run.state === "failed" ? detail.run : undefined;
    });
    expect(finished.error).toBeNull();
    expect(finished.state).toBe("completed");
    const conversation = await gateway.client.getConversation(run.conversationId);
    expect(conversation.messages.map((message) => [message.role, message.parts])).toEqual([
      ["user", [{ type: "text", text: "canary-openai-chat-5d0" }]],
      ["assistant", [{ type: "text", text: "Relayed: canary-openai-reply-a7e" }]],
    ]);

    // The turn went to OpenAI's host, with OpenAI's key, and nothing of it to Anthropic's.
    expect(openaiLlm.requests.map((request) => [request.provider, request.model, request.apiKey])).toEqual([
      ["openai", "gpt-test", canaryKeys.openai],
    ]);
    expect(llm.requests.length).toBe(anthropicRequests);
    const rows = new Map((await gateway.client.listConnections()).rows.map((row) => [row.id, row]));
    expect(rows.get("llm-openai")?.connections).toBeGreaterThan(0);
    expect(rows.get("llm-anthropic")?.connections).toBeGreaterThan(0);
  }, 60_000);

  it("keeps the provider keys and the session tokens off the disk, out of logs and out of child processes, and the keys out of the Cloud database in plaintext", async () => {
    const keys = Object.values(canaryKeys);
    const files = await filesUnder(home);
    const credential = files.find((file) => file.path.endsWith("credentials.json"));
    expect(credential).toBeDefined();
    expect((await stat(join(home, "gateway", "credentials.json"))).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, "gateway"))).mode & 0o777).toBe(0o700);
    for (const file of files) {
      for (const key of keys) expect(file.text.includes(key), `${file.path} holds ${key}`).toBe(false);
      expect(file.text.includes("mca_"), `${file.path} holds an access token`).toBe(false);
    }
    for (const key of keys) expect(gateway.output()).not.toContain(key);
    expect(gateway.output()).not.toContain("mca_");
    // The MCP server the gateway spawned: neither its environment nor its arguments carry a key.
    const children = (await descendantsOf(gateway.pid)).map((child) => child.pid);
    expect(children.length).toBeGreaterThan(0);
    for (const pid of children) {
      const environ = await readFile(`/proc/${pid}/environ`, "utf8").catch(() => "");
      const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
      for (const key of keys) {
        expect(environ.includes(key) || cmdline.includes(key), `process ${pid} holds ${key}`).toBe(false);
      }
    }
    // Statement 7's other half, after the whole session: the Cloud holds each key only encrypted (no column of
    // any table holds it, nor its base64 or hex); that what it holds is ciphertext is proven by the Cloud's own
    // provider-keys scenario.
    expect(
      await findInDatabase(
        cloud.database.db,
        keys.flatMap((key) => encodingsOf(key)),
      ),
    ).toEqual([]);
  });

  it("opened only the rows whose conditions held, and listens on loopback only", async () => {
    // Statement 1 (for the features built so far): every socket of the session is in the ledger under a row
    // whose condition held — the Cloud while signed in, the two providers with a key and an agent that chatted
    // on them — and nothing else was even tried. The enabled MCP server "everything" held too, but it speaks
    // stdio: its row has no host, so it has no socket to open.
    const { entries } = await gateway.client.connectionLog({ limit: 1000 });
    const { rows } = await gateway.client.listConnections();
    // A socket opened around the guard never reaches the ledger: the gateway's watcher destroys it and logs
    // this line (socket-watch.ts), so its absence over the whole session is part of the statement.
    expect(gateway.output()).not.toContain("outside the egress guard");
    const row = new Map(rows.map((each) => [each.id, each]));
    const held = ["cloud-api", "cloud-events", "llm-anthropic", "llm-openai"];
    const opened = new Set(entries.filter((entry) => !entry.blockedReason).map((entry) => entry.rowId));
    expect([...opened].sort()).toEqual(held);
    expect(entries.filter((entry) => entry.blockedReason)).toEqual([]);
    expect(row.get("mcp:everything")).toMatchObject({ hosts: [], connections: 0 });
    const mcp = (await gateway.client.status()).agents.flatMap((agent) => agent.mcpServers);
    expect(mcp.find((server) => server.name === "everything")?.state).toBe("running");
    // Every other row — a provider without a key, the disabled MCP server, the rows only the desktop app opens,
    // web-fetch — neither connected nor was refused.
    const untouched = rows.filter((each) => !held.includes(each.id));
    expect(untouched.map((each) => each.id)).toEqual(
      expect.arrayContaining([
        "llm-gemini",
        "mcp:idle",
        "updates",
        "turn",
        "progress",
        "link-preview",
        "favicon",
      ]),
    );
    for (const each of untouched) expect([each.id, each.connections, each.refusals]).toEqual([each.id, 0, 0]);

    const cloudPort = Number(new URL(cloud.cloud.url).port);
    const portOf = (origin: string) => Number(new URL(origin).port);
    const expectedPort: Record<string, number> = {
      "cloud-api": cloudPort,
      "cloud-events": cloudPort,
      "llm-anthropic": portOf(llm.origin),
      "llm-openai": portOf(openaiLlm.origin),
    };
    for (const entry of entries) {
      expect(entry.host).toBe("127.0.0.1");
      expect([entry.rowId, entry.port]).toEqual([entry.rowId, expectedPort[entry.rowId ?? ""]]);
    }

    // Statement 9: the gateway and everything it started listen on 127.0.0.1 only.
    const listening = await listeningAddressesOf([
      gateway.pid,
      ...(await descendantsOf(gateway.pid)).map((child) => child.pid),
    ]);
    expect(listening.length).toBeGreaterThan(0);
    expect(listening.filter((address) => !address.startsWith("127.0.0.1:"))).toEqual([]);
  });

  it("keeps every acknowledged message across a kill -9 mid-run and marks the run interrupted", async () => {
    // A reply that streams slowly, so the process dies in the middle of it.
    llm.enqueue({ type: "text", text: ["partial ", "answer ", "never ", "finished"], chunkDelayMs: 2000 });
    const run = await gateway.client.createConversation({ agentId, text: "canary-chat-question-e19" });
    await until("the reply to start streaming", async () => {
      const { events } = await gateway.client.listRunEvents(run.id, {});
      return events.some((event) => event.event.type === "text-delta") ? true : undefined;
    });

    await gateway.kill("SIGKILL");
    gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });

    const detail = await gateway.client.getRun(run.id);
    expect(detail.run.state).toBe("interrupted");
    expect(detail.run.error?.code).toBe("RUN_INTERRUPTED");
    const conversation = await gateway.client.getConversation(run.conversationId);
    expect(conversation.messages[0]?.parts).toEqual([{ type: "text", text: "canary-chat-question-e19" }]);
    // The restarted gateway signs in again from its credential file, without a new login.
    await until("the link to reconnect", async () =>
      (await gateway.client.status()).cloudLink.state === "connected" ? true : undefined,
    );
  }, 90_000);

  it("reconnects after a Cloud restart and takes an assignment made while it was away", async () => {
    llm.enqueue({
      type: "tool-calls",
      calls: [
        { name: "propose_plan", input: { steps: [{ title: "Look around", detail: "", delegateTo: null }] } },
      ],
    });
    // The task is assigned the moment the Cloud is back, before the gateway's backoff lets it reconnect.
    await restartCloud(cloud);
    const task = await bob.cloud.call("createTask", {
      params: { workspaceId: ada.workspaceId },
      body: { title: "Assigned while away", assigneeAgentId: agentId },
      idempotencyKey: "flow-task-away",
    });
    const run = await until("the run of the new task", async () => {
      const { runs } = await gateway.client.listRuns({});
      const found = runs.find((candidate) => candidate.taskId === task.id);
      return found?.state === "awaiting-plan-approval" ? found : undefined;
    });
    await gateway.client.decidePlan(run.id, { decision: "reject", reason: "not now" });
    const failed = await until("the Cloud task to fail as rejected", async () => {
      const current = await cloudTask(task.id);
      return current.state === "failed" ? current : undefined;
    });
    expect(failed.failureCode).toBe("PLAN_REJECTED");
  }, 90_000);
});

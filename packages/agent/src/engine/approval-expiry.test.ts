import type { Agent } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import type { Tool } from "../tools/tool.ts";
import type { AgentEngineDeps } from "./engine-deps.ts";
import { createTestEngine, recordingTool, scriptedModel, testAgent } from "./test-engine.ts";

const writer = testAgent(1, { toolPolicy: { requireApproval: ["*"], deny: [] } });

/** An engine whose agent calls `tool` once with `{ path }`, then answers. */
function setup(
  options: {
    tool?: Tool;
    approvalExpiryMs?: number;
    describeConnections?: AgentEngineDeps["describeConnections"];
  } = {},
) {
  const tool = options.tool ?? recordingTool("files.write");
  const model = scriptedModel([
    { toolCalls: [{ name: tool.name.replace(".", "_"), input: { path: "a.txt" } }] },
    { text: "Done." },
  ]);
  const test = createTestEngine({
    agents: [writer],
    models: { [writer.id]: model },
    tools: [tool],
    ...(options.approvalExpiryMs === undefined
      ? {}
      : { limits: { approvalExpiryMs: options.approvalExpiryMs } }),
    ...(options.describeConnections ? { describeConnections: options.describeConnections } : {}),
  });
  return { ...test, model };
}

async function waitingApproval(test: ReturnType<typeof setup>, agent: Agent = writer) {
  const run = await test.engine.startRun({ agentId: agent.id, mode: "chat", text: "Write a" });
  await test.reach(run.id, "awaiting-tool-approval");
  const [approval] = await test.store.listApprovals({ runId: run.id, pendingOnly: true });
  if (approval === undefined) throw new Error("no pending approval");
  return { run, approval };
}

async function toolResultOf(test: ReturnType<typeof setup>, conversationId: string) {
  const messages = await test.store.listMessages(conversationId);
  return messages.find((message) => message.role === "tool")?.parts[0];
}

describe("an approval request's expiry", () => {
  it("expires 30 minutes after it was asked by default", async () => {
    const test = setup();
    const { run, approval } = await waitingApproval(test);
    expect(approval.createdAt).toBe("2026-03-01T09:00:00.000Z");
    expect(approval.expiresAt).toBe("2026-03-01T09:30:00.000Z");
    await test.engine.cancel(run.id);
  });

  it("denies the call with APPROVAL_EXPIRED once its time has passed, and turns a late decision down", async () => {
    const test = setup();
    const { run, approval } = await waitingApproval(test);
    test.clock.advance(30 * 60);

    await expect(
      test.engine.decideApproval(approval.id, { decision: "approve", scope: "call" }),
    ).rejects.toMatchObject({ code: "APPROVAL_EXPIRED" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(await test.store.getApproval(approval.id)).toMatchObject({
      decision: "deny",
      expired: true,
      decidedAt: "2026-03-01T09:30:00.000Z",
    });
    expect(test.eventsOf(run.id)).toContainEqual({
      type: "approval-decided",
      approvalId: approval.id,
      decision: "deny",
      scope: null,
      expired: true,
    });
    const message =
      "Nobody decided on this call of files.write within 30 minutes, so it was denied and not made.";
    expect(await toolResultOf(test, run.conversationId)).toEqual({
      type: "tool-result",
      toolCallId: approval.toolCallId,
      tool: "files.write",
      ok: false,
      output: message,
      error: { code: "APPROVAL_EXPIRED", message },
    });
    await expect(test.engine.decideApproval(approval.id, { decision: "deny" })).rejects.toMatchObject({
      code: "APPROVAL_EXPIRED",
    });
  });

  it("expires on its own when nobody answers", async () => {
    const test = setup({ approvalExpiryMs: 1 });
    const run = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write a" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    const [approval] = await test.store.listApprovals({ runId: run.id });
    expect(approval).toMatchObject({ decision: "deny", expired: true });
    expect(await toolResultOf(test, run.conversationId)).toMatchObject({
      ok: false,
      error: { code: "APPROVAL_EXPIRED" },
    });
  });

  it("keeps a decision made in time, whenever the expiry comes", async () => {
    const test = setup();
    const { run, approval } = await waitingApproval(test);
    const decided = await test.engine.decideApproval(approval.id, { decision: "approve", scope: "call" });
    test.clock.advance(60 * 60);
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(await test.store.getApproval(approval.id)).toEqual(decided);
    expect(decided).not.toHaveProperty("expired");
    expect(await toolResultOf(test, run.conversationId)).toMatchObject({ ok: true });
  });
});

describe("the connection rows an approval request shows", () => {
  const fetcher = (): Tool => ({
    ...recordingTool("web.fetch"),
    connections: (input) => [{ rowId: "web-fetch", hosts: [`${(input as { path: string }).path}.example`] }],
  });

  it("names no row for a tool that opens none", async () => {
    const test = setup();
    const { run, approval } = await waitingApproval(test);
    expect(approval.connections).toEqual([]);
    await test.engine.cancel(run.id);
  });

  it("asks the host to describe the rows the call's arguments name", async () => {
    const asked: unknown[] = [];
    const test = setup({
      tool: fetcher(),
      describeConnections: (connections) => {
        asked.push(connections);
        return connections.map((connection) => ({
          rowId: connection.rowId,
          title: "Web pages the agent fetches",
          hosts: [...connection.hosts],
          contactedHosts: ["earlier.example"],
        }));
      },
    });
    const { run, approval } = await waitingApproval(test);
    expect(asked).toEqual([[{ rowId: "web-fetch", hosts: ["a.txt.example"] }]]);
    const expected = [
      {
        rowId: "web-fetch",
        title: "Web pages the agent fetches",
        hosts: ["a.txt.example"],
        contactedHosts: ["earlier.example"],
      },
    ];
    expect(approval.connections).toEqual(expected);
    const requested = test.eventsOf(run.id).find((event) => event.type === "approval-requested");
    expect(requested).toMatchObject({ approval: { connections: expected } });
    await test.engine.cancel(run.id);
  });

  it("shows the rows by id when the host cannot describe them", async () => {
    const test = setup({
      tool: fetcher(),
      describeConnections: () => {
        throw new Error("inventory unavailable");
      },
    });
    const { run, approval } = await waitingApproval(test);
    expect(approval.connections).toEqual([
      { rowId: "web-fetch", title: "web-fetch", hosts: ["a.txt.example"], contactedHosts: [] },
    ]);
    expect(test.reported).toHaveLength(1);
    await test.engine.cancel(run.id);
  });
});

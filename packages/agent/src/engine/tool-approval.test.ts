import type { Agent } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import {
  createTestEngine,
  type RecordingTool,
  recordingTool,
  type ScriptedTurn,
  scriptedModel,
  settleBriefly,
  testAgent,
  testId,
} from "./test-engine.ts";

const writer = testAgent(1, { toolPolicy: { requireApproval: ["files.write*"], deny: [] } });

/** An engine whose agent's runs each call the tool with the given paths, one model call each, then answer. */
function setup(
  agent: Agent,
  runs: readonly (readonly string[])[],
  tool: RecordingTool = recordingTool("files.write"),
) {
  const call = (path: string): ScriptedTurn => ({
    toolCalls: [{ name: tool.name.replace(".", "_"), input: { path } }],
  });
  const turns: ScriptedTurn[] = runs.flatMap((paths) => [...paths.map(call), { text: "Done." }]);
  const model = scriptedModel(turns);
  return {
    ...createTestEngine({ agents: [agent], models: { [agent.id]: model }, tools: [tool] }),
    tool,
    model,
  };
}

async function pendingApproval(test: ReturnType<typeof setup>, runId: string) {
  await test.reach(runId, "awaiting-tool-approval");
  const [approval] = await test.store.listApprovals({ runId, pendingOnly: true });
  if (approval === undefined) throw new Error("no pending approval");
  return approval;
}

describe("a tool call the policy marks for approval", () => {
  it("pauses the run, runs nothing until approved, then runs and asks again at the next call", async () => {
    const test = setup(writer, [["a.txt", "b.txt"]]);
    const run = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write two files" });

    const approval = await pendingApproval(test, run.id);
    expect(approval).toMatchObject({
      runId: run.id,
      tool: "files.write",
      input: { path: "a.txt" },
      reason: "policy",
      decision: null,
    });
    await settleBriefly();
    expect(test.tool.calls).toHaveLength(0);
    expect(test.model.doStreamCalls).toHaveLength(1);
    expect(test.eventsOf(run.id)).toContainEqual({
      type: "approval-requested",
      approval: {
        id: approval.id,
        runId: run.id,
        toolCallId: approval.toolCallId,
        tool: "files.write",
        input: { path: "a.txt" },
        reason: "policy",
        connections: [],
        expiresAt: "2026-03-01T09:30:00.000Z",
        createdAt: approval.createdAt,
      },
    });

    const decided = await test.engine.decideApproval(approval.id, { decision: "approve", scope: "call" });
    expect(decided).toMatchObject({ id: approval.id, decision: "approve", decidedAt: expect.any(String) });
    expect(await test.store.getApproval(approval.id)).toEqual(decided);

    const second = await pendingApproval(test, run.id);
    expect(second.input).toEqual({ path: "b.txt" });
    expect(test.tool.calls.map((call) => call.input.path)).toEqual(["a.txt"]);
    await test.engine.decideApproval(second.id, { decision: "approve", scope: "call" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(test.tool.calls.map((call) => call.input.path)).toEqual(["a.txt", "b.txt"]);
    expect(await test.engine.listGrants({ agentId: writer.id, runId: run.id })).toEqual([]);
    expect(test.eventsOf(run.id)).toContainEqual({
      type: "approval-decided",
      approvalId: approval.id,
      decision: "approve",
      scope: "call",
    });
  });

  it("lets the rest of the run through after a tool-for-run approval, but not the next run", async () => {
    const test = setup(writer, [["a.txt", "b.txt"], ["c.txt"]]);
    const first = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write" });
    const approval = await pendingApproval(test, first.id);
    await test.engine.decideApproval(approval.id, { decision: "approve", scope: "tool-for-run" });
    expect(await test.engine.settled(first.id)).toMatchObject({ state: "completed" });
    expect(test.tool.calls).toHaveLength(2);
    expect(await test.store.listApprovals({ runId: first.id })).toHaveLength(1);
    expect(await test.engine.listGrants({ agentId: writer.id, runId: first.id })).toEqual([
      expect.objectContaining({
        tool: "files.write",
        scope: "tool-for-run",
        runId: first.id,
        expiresAt: null,
      }),
    ]);

    const second = await test.engine.startRun({
      agentId: writer.id,
      conversationId: first.conversationId,
      mode: "chat",
      text: "Once more",
    });
    await pendingApproval(test, second.id);
    expect(test.tool.calls).toHaveLength(2);
    await test.engine.cancel(second.id);
  });

  it("lets later runs of the agent through after a tool-for-agent approval, until it expires", async () => {
    const test = setup(writer, [["a.txt"], ["b.txt"], ["c.txt"]]);
    const first = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write a" });
    const approval = await pendingApproval(test, first.id);
    await test.engine.decideApproval(approval.id, {
      decision: "approve",
      scope: "tool-for-agent",
      expiresInSeconds: 3600,
    });
    await test.engine.settled(first.id);
    const [grant] = await test.engine.listGrants({ agentId: writer.id });
    expect(grant).toMatchObject({
      scope: "tool-for-agent",
      runId: null,
      expiresAt: "2026-03-01T10:00:00.000Z",
    });

    test.clock.advance(3599);
    const second = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write b" });
    expect(await test.engine.settled(second.id)).toMatchObject({ state: "completed" });
    expect(test.tool.calls.map((call) => call.input.path)).toEqual(["a.txt", "b.txt"]);

    test.clock.advance(1);
    expect(await test.engine.listGrants({ agentId: writer.id })).toEqual([]);
    const third = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write c" });
    await pendingApproval(test, third.id);
    expect(test.tool.calls).toHaveLength(2);
    await test.engine.cancel(third.id);
  });

  it("asks again once the user revokes a standing grant", async () => {
    const test = setup(writer, [["a.txt"], ["b.txt"]]);
    const first = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write a" });
    await test.engine.decideApproval((await pendingApproval(test, first.id)).id, {
      decision: "approve",
      scope: "tool-for-agent",
    });
    await test.engine.settled(first.id);
    await test.engine.revokeGrant({
      agentId: writer.id,
      runId: null,
      tool: "files.write",
      scope: "tool-for-agent",
    });
    expect(await test.engine.listGrants({ agentId: writer.id })).toEqual([]);

    const second = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write b" });
    await pendingApproval(test, second.id);
    await test.engine.cancel(second.id);
  });

  it("answers TOOL_DENIED to the model when the user denies, and the run goes on", async () => {
    const test = setup(writer, [["secret.txt"]]);
    const run = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write" });
    const approval = await pendingApproval(test, run.id);
    await test.engine.decideApproval(approval.id, { decision: "deny", reason: "not that file" });

    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(test.tool.calls).toHaveLength(0);
    expect(await test.store.getApproval(approval.id)).toMatchObject({ decision: "deny" });
    const toolMessage = (await test.store.listMessages(run.conversationId)).find(
      (message) => message.role === "tool",
    );
    expect(toolMessage?.parts).toEqual([
      {
        type: "tool-result",
        toolCallId: approval.toolCallId,
        tool: "files.write",
        ok: false,
        output: "The user did not allow this call of files.write (not that file).",
        error: {
          code: "TOOL_DENIED",
          message: "The user did not allow this call of files.write (not that file).",
        },
      },
    ]);
    const resultSeen = JSON.stringify(test.model.doStreamCalls[1]?.prompt.at(-1));
    expect(resultSeen).toContain("TOOL_DENIED");
  });

  it("refuses decisions on approvals that are unknown, already decided or no longer awaited", async () => {
    const test = setup(writer, [["a.txt"]]);
    const run = await test.engine.startRun({ agentId: writer.id, mode: "chat", text: "Write" });
    const approval = await pendingApproval(test, run.id);
    await expect(
      test.engine.decideApproval(testId("approval", 999), { decision: "approve", scope: "call" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await test.engine.decideApproval(approval.id, { decision: "approve", scope: "call" });
    await expect(test.engine.decideApproval(approval.id, { decision: "deny" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await test.engine.settled(run.id);
  });
});

describe("a tool that always asks (the shell)", () => {
  const shellUser = testAgent(2);
  const shell = () => recordingTool("shell.run", { alwaysNeedsApproval: true });

  it("asks even when the policy says nothing, and can be approved for the rest of the run", async () => {
    const test = setup(shellUser, [["ls", "pwd"]], shell());
    const run = await test.engine.startRun({ agentId: shellUser.id, mode: "chat", text: "Look around" });
    const approval = await pendingApproval(test, run.id);
    expect(approval.reason).toBe("always");

    await expect(
      test.engine.decideApproval(approval.id, { decision: "approve", scope: "tool-for-agent" }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(test.tool.calls).toHaveLength(0);

    await test.engine.decideApproval(approval.id, { decision: "approve", scope: "tool-for-run" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(test.tool.calls.map((call) => call.input.path)).toEqual(["ls", "pwd"]);
  });

  it("ignores an agent-wide grant of it", async () => {
    const test = setup(shellUser, [["ls"]], shell());
    await test.store.saveGrant({
      tool: "shell.run",
      scope: "tool-for-agent",
      agentId: shellUser.id,
      runId: null,
      expiresAt: null,
      createdAt: "2026-03-01T08:00:00.000Z",
    });
    const run = await test.engine.startRun({ agentId: shellUser.id, mode: "chat", text: "ls" });
    await pendingApproval(test, run.id);
    await test.engine.cancel(run.id);
  });
});

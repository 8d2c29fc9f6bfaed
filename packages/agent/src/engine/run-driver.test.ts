import { describe, expect, it } from "vitest";
import { createTestEngine, recordingTool, scriptedModel, testAgent, testId, until } from "./test-engine.ts";

const agent = testAgent(1, { toolPolicy: { requireApproval: ["files.write"], deny: [] } });

describe("cancelling a run", () => {
  it("stops a model stream that ignores the abort, keeping the text said so far", async () => {
    const model = scriptedModel([{ text: ["Once upon ", "a time"], hang: true }]);
    const { engine, store, eventsOf } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Tell a long story" });
    const said = () =>
      eventsOf(run.id)
        .map((event) => (event.type === "text-delta" ? event.delta : ""))
        .join("");
    await until(() => said() === "Once upon a time");

    const cancelled = await engine.cancel(run.id);
    expect(cancelled).toMatchObject({
      state: "cancelled",
      error: { code: "RUN_CANCELLED", message: "The run was cancelled." },
    });
    expect(await store.getRun(run.id)).toEqual(cancelled);
    const messages = await store.listMessages(run.conversationId);
    expect(messages.at(-1)).toMatchObject({
      role: "assistant",
      parts: [{ type: "text", text: "Once upon a time" }],
    });
    expect(model.doStreamCalls[0]?.abortSignal?.aborted).toBe(true);
    expect(eventsOf(run.id).at(-1)).toEqual({
      type: "run-state",
      state: "cancelled",
      error: cancelled.error,
    });
  });

  it("aborts a running tool, and answers its call so the conversation stays whole", async () => {
    let toolSignal: AbortSignal | undefined;
    const slow = recordingTool("files.read", {
      run: (_input, context) => {
        toolSignal = context.signal;
        return new Promise(() => {});
      },
    });
    const model = scriptedModel([
      { toolCalls: [{ id: "call_slow", name: "files_read", input: { path: "big.iso" } }] },
      { text: "Nothing was read." },
    ]);
    const { engine, store } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      tools: [slow],
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Read the image" });
    await until(() => toolSignal !== undefined);
    expect(slow.calls).toHaveLength(1);

    expect(await engine.cancel(run.id)).toMatchObject({ state: "cancelled" });
    expect(toolSignal?.aborted).toBe(true);
    const messages = await store.listMessages(run.conversationId);
    expect(messages.at(-1)).toMatchObject({
      role: "tool",
      parts: [{ toolCallId: "call_slow", ok: false, error: { code: "RUN_CANCELLED" } }],
    });

    // The next turn in the conversation goes on from a history the provider accepts.
    const next = await engine.startRun({
      agentId: agent.id,
      conversationId: run.conversationId,
      mode: "chat",
      text: "Never mind",
    });
    expect(await engine.settled(next.id)).toMatchObject({ state: "completed" });
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain("RUN_CANCELLED");
  });

  it("ends a run waiting for approval, and turns down a decision that comes after", async () => {
    const writer = recordingTool("files.write");
    const model = scriptedModel([{ toolCalls: [{ name: "files_write", input: { path: "a" } }] }]);
    const test = createTestEngine({ agents: [agent], models: { [agent.id]: model }, tools: [writer] });
    const run = await test.engine.startRun({ agentId: agent.id, mode: "chat", text: "Write" });
    await test.reach(run.id, "awaiting-tool-approval");
    const [approval] = await test.store.listApprovals({ runId: run.id });

    expect(await test.engine.cancel(run.id)).toMatchObject({ state: "cancelled" });
    await expect(
      test.engine.decideApproval(approval?.id ?? "", { decision: "approve", scope: "call" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(writer.calls).toHaveLength(0);
  });

  it("ends a task waiting for its plan decision", async () => {
    const model = scriptedModel([
      { toolCalls: [{ name: "propose_plan", input: { steps: [{ title: "Do it" }] } }] },
    ]);
    const test = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    const run = await test.engine.startRun({ agentId: agent.id, mode: "task", text: "Task" });
    await test.reach(run.id, "awaiting-plan-approval");
    expect(await test.engine.cancel(run.id)).toMatchObject({ state: "cancelled" });
    await expect(test.engine.decidePlan(run.id, { decision: "approve" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("leaves an ended run as it is, and refuses an unknown one", async () => {
    const model = scriptedModel([{ text: "Hi" }]);
    const { engine } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Hello" });
    const ended = await engine.settled(run.id);
    expect(await engine.cancel(run.id)).toEqual(ended);
    await expect(engine.cancel(testId("run", 999))).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

import { describe, expect, it } from "vitest";
import {
  createTestEngine,
  describeCall,
  recordingTool,
  scriptedModel,
  settleBriefly,
  testAgent,
  testId,
} from "./test-engine.ts";

const agent = testAgent(1, { name: "Organiser" });
const proposal = {
  toolCalls: [
    {
      name: "propose_plan",
      input: {
        steps: [
          { title: "List the downloads folder", detail: "Only the top level." },
          { title: "Move old files to the archive" },
        ],
      },
    },
  ],
};

async function startTask(turns: Parameters<typeof scriptedModel>[0]) {
  const files = recordingTool("files.move");
  const model = scriptedModel(turns);
  const test = createTestEngine({ agents: [agent], models: { [agent.id]: model }, tools: [files] });
  const run = await test.engine.startRun({
    agentId: agent.id,
    mode: "task",
    taskId: testId("task", 7),
    text: "Tidy my downloads",
  });
  const waiting = await test.reach(run.id, "awaiting-plan-approval");
  return { ...test, run, waiting, model, files };
}

describe("a task's plan", () => {
  it("is proposed through the plan tool alone, and nothing runs until the user decides", async () => {
    const { run, waiting, model, files, store, eventsOf } = await startTask([proposal]);

    expect(run).toMatchObject({ mode: "task", state: "planning", taskId: testId("task", 7) });
    const planning = describeCall(model.doStreamCalls[0]);
    expect(planning.tools).toEqual(["propose_plan"]);
    expect(planning.toolChoice).toEqual({ type: "tool", toolName: "propose_plan" });

    const plan = await store.getPlan(run.id);
    expect(plan).toMatchObject({
      status: "proposed",
      edited: false,
      decidedAt: null,
      steps: [
        { number: 1, title: "List the downloads folder", detail: "Only the top level.", delegateTo: null },
        { number: 2, title: "Move old files to the archive", detail: "", delegateTo: null },
      ],
    });
    expect(waiting.state).toBe("awaiting-plan-approval");
    expect(eventsOf(run.id).map((event) => event.type)).toEqual([
      "run-state",
      "message",
      "usage",
      "plan-proposed",
      "run-state",
    ]);

    await settleBriefly();
    expect(model.doStreamCalls).toHaveLength(1);
    expect(files.calls).toHaveLength(0);
    expect((await store.getRun(run.id))?.state).toBe("awaiting-plan-approval");
  });

  it("runs with the approved plan in the model's context once approved", async () => {
    const { engine, run, model, files, store, eventsOf } = await startTask([
      proposal,
      { text: "Listing.", toolCalls: [{ name: "files_move", input: { path: "old.zip" } }] },
      { text: "Moved old.zip to the archive." },
    ]);

    const approved = await engine.decidePlan(run.id, { decision: "approve" });
    expect(approved).toMatchObject({ status: "approved", edited: false, decidedAt: expect.any(String) });
    expect(await store.getPlan(run.id)).toEqual(approved);

    const ended = await engine.settled(run.id);
    expect(ended).toMatchObject({
      state: "completed",
      usage: { inputTokens: 30, outputTokens: 15, totalTokens: 45 },
    });
    expect(files.calls.map((call) => call.input)).toEqual([{ path: "old.zip" }]);
    const execution = describeCall(model.doStreamCalls[1]);
    expect(execution.system).toContain("1. List the downloads folder\n   Only the top level.");
    expect(execution.system).toContain("2. Move old files to the archive");
    expect(execution.tools).toEqual(["files_move"]);
    expect(eventsOf(run.id).filter((event) => event.type === "plan-decided")).toEqual([
      { type: "plan-decided", plan: approved },
    ]);
  });

  it("runs the user's steps instead when the user edits the plan", async () => {
    const { engine, run, model, store } = await startTask([proposal, { text: "Only listed, as asked." }]);

    const edited = await engine.decidePlan(run.id, {
      decision: "edit",
      steps: [{ number: 5, title: "Only list the folder; move nothing", detail: "", delegateTo: null }],
    });
    expect(edited).toMatchObject({
      status: "approved",
      edited: true,
      steps: [{ number: 1, title: "Only list the folder; move nothing", detail: "", delegateTo: null }],
    });
    expect(await engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect((await store.getPlan(run.id))?.id).toBe(edited.id);
    const system = describeCall(model.doStreamCalls[1]).system;
    expect(system).toContain("(after editing it)");
    expect(system).toContain("1. Only list the folder; move nothing");
    expect(system).not.toContain("Move old files");
  });

  it("ends the run rejected, with no further model call, when the user rejects it", async () => {
    const { engine, run, model, store } = await startTask([proposal]);

    const rejected = await engine.decidePlan(run.id, { decision: "reject", reason: "Not today" });
    expect(rejected.status).toBe("rejected");
    const ended = await engine.settled(run.id);
    expect(ended).toMatchObject({
      state: "rejected",
      error: { code: "PLAN_REJECTED", message: "The user rejected the plan: Not today" },
    });
    expect(model.doStreamCalls).toHaveLength(1);
    expect(await store.getPlan(run.id)).toMatchObject({ status: "rejected" });
  });

  it("takes a decision sent the moment the run announces that it waits", async () => {
    const model = scriptedModel([proposal, { text: "Done." }]);
    const { engine } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    const decided: Promise<unknown>[] = [];
    engine.onRunState((run) => {
      if (run.state === "awaiting-plan-approval") {
        decided.push(engine.decidePlan(run.id, { decision: "approve" }));
      }
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "task", text: "Tidy my downloads" });
    expect(await engine.settled(run.id)).toMatchObject({ state: "completed" });
    await expect(decided[0]).resolves.toMatchObject({ status: "approved" });
  });

  it("refuses a decision when the run is not waiting for one", async () => {
    const { engine, run } = await startTask([proposal, { text: "done" }]);
    await engine.decidePlan(run.id, { decision: "approve" });
    await expect(engine.decidePlan(run.id, { decision: "approve" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await engine.settled(run.id);
    await expect(engine.decidePlan(run.id, { decision: "reject" })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    await expect(engine.decidePlan(testId("run", 999), { decision: "approve" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("refuses an edit that delegates to an agent outside the workspace, and keeps waiting", async () => {
    const { engine, run } = await startTask([proposal, { text: "done" }]);
    await expect(
      engine.decidePlan(run.id, {
        decision: "edit",
        steps: [{ number: 1, title: "Ask someone", detail: "", delegateTo: testId("agent", 42) }],
      }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    await expect(engine.decidePlan(run.id, { decision: "approve" })).resolves.toMatchObject({
      status: "approved",
    });
    expect(await engine.settled(run.id)).toMatchObject({ state: "completed" });
  });

  it("asks again when a proposal does not fit, and fails the run after three that do not", async () => {
    const bad = { toolCalls: [{ name: "propose_plan", input: { steps: [] } }] };
    const { run, model, store } = await startTask([bad, { text: "I would rather just do it." }, proposal]);
    expect((await store.getPlan(run.id))?.steps).toHaveLength(2);
    const retry = describeCall(model.doStreamCalls[1]).messages;
    expect(JSON.stringify(retry.at(-1))).toContain("TOOL_INPUT_INVALID");
    const nudge = describeCall(model.doStreamCalls[2]).messages;
    expect(JSON.stringify(nudge.at(-1))).toContain("Call propose_plan");

    const failing = createTestEngine({
      agents: [agent],
      models: { [agent.id]: scriptedModel([bad, bad, bad]) },
    });
    const failed = await failing.engine.startRun({ agentId: agent.id, mode: "task", text: "Tidy" });
    expect(await failing.engine.settled(failed.id)).toMatchObject({
      state: "failed",
      error: { code: "TOOL_INPUT_INVALID" },
    });
  });
});

import type { MessagePart } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import {
  createTestEngine,
  describeCall,
  recordingTool,
  type ScriptedTurn,
  scriptedModel,
  testAgent,
} from "./test-engine.ts";

const lead = testAgent(1, { name: "Lead" });
const writer = testAgent(2, {
  name: "Writer",
  instructions: "Writes reports.\nKeeps them short.",
  toolPolicy: { requireApproval: ["files.write"], deny: [] },
});

const proposal: ScriptedTurn = {
  toolCalls: [
    {
      name: "propose_plan",
      input: {
        steps: [
          { title: "Collect the figures" },
          { title: "Write the report", detail: "Into report.md", delegateTo: writer.id },
        ],
      },
    },
  ],
};

function setup(leadTurns: readonly ScriptedTurn[], writerTurns: readonly ScriptedTurn[] | null) {
  const leadModel = scriptedModel(leadTurns);
  const writerModel = scriptedModel(writerTurns ?? []);
  const files = recordingTool("files.write");
  const test = createTestEngine({
    agents: [lead, writer],
    models:
      writerTurns === null ? { [lead.id]: leadModel } : { [lead.id]: leadModel, [writer.id]: writerModel },
    tools: [files],
  });
  return { ...test, leadModel, writerModel, files };
}

/** The child run of the parent's delegation, once it has started. */
async function childOf(test: ReturnType<typeof setup>, parentRunId: string) {
  const started = () =>
    test.events.find((event) => event.runId === parentRunId && event.event.type === "delegation")?.event;
  if (started() === undefined) {
    await new Promise<void>((resolve) => {
      const stop = test.engine.subscribe(() => {
        if (started() === undefined) return;
        stop();
        resolve();
      });
    });
  }
  const event = started();
  const child = event?.type === "delegation" ? await test.store.getRun(event.childRunId) : undefined;
  if (child === undefined) throw new Error("no child run");
  return child;
}

const toolResults = (parts: readonly MessagePart[]) => parts.filter((part) => part.type === "tool-result");

describe("a plan step delegated to another agent", () => {
  it("is offered in planning, shown in the plan, and carried out by a child run under its own policy", async () => {
    const test = setup(
      [
        proposal,
        {
          text: "Figures collected.",
          toolCalls: [{ id: "call_d", name: "delegate_step", input: { step: 2 } }],
        },
        { text: "The report is in report.md." },
      ],
      [{ toolCalls: [{ name: "files_write", input: { path: "report.md" } }] }, { text: "Wrote report.md." }],
    );
    const run = await test.engine.startRun({ agentId: lead.id, mode: "task", text: "Report on Q3 sales" });
    await test.reach(run.id, "awaiting-plan-approval");

    const planning = describeCall(test.leadModel.doStreamCalls[0]);
    expect(planning.system).toContain(`- ${writer.id}: Writer (Writes reports.)`);
    const planTool = test.leadModel.doStreamCalls[0]?.tools?.[0];
    expect(JSON.stringify(planTool)).toContain(writer.id);
    expect((await test.store.getPlan(run.id))?.steps[1]).toEqual({
      number: 2,
      title: "Write the report",
      detail: "Into report.md",
      delegateTo: writer.id,
    });

    await test.engine.decidePlan(run.id, { decision: "approve" });
    const child = await childOf(test, run.id);
    expect(child).toMatchObject({ agentId: writer.id, mode: "task", parentRunId: run.id, taskId: null });
    // The child's own tool policy still applies: its file write waits for the user.
    await test.reach(child.id, "awaiting-tool-approval");
    expect((await test.store.getRun(run.id))?.state).toBe("running");
    expect(await test.store.getPlan(child.id)).toMatchObject({
      status: "approved",
      steps: [{ number: 1, title: "Write the report", detail: "Into report.md", delegateTo: null }],
    });
    const [brief] = await test.store.listMessages(child.conversationId);
    const briefText = brief?.parts[0]?.type === "text" ? brief.parts[0].text : "";
    expect(briefText).toContain("Report on Q3 sales");
    expect(briefText).toContain("Your step: Write the report\nInto report.md");
    expect(describeCall(test.writerModel.doStreamCalls[0]).system).toContain("Lead handed you this step");

    const [approval] = await test.store.listApprovals({ runId: child.id });
    await test.engine.decideApproval(approval?.id ?? "", { decision: "approve", scope: "call" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(await test.store.getRun(child.id)).toMatchObject({ state: "completed" });

    const execution = describeCall(test.leadModel.doStreamCalls[1]);
    expect(execution.tools).toEqual(["delegate_step", "files_write"]);
    expect(execution.system).toContain(`2. Write the report [delegated to ${writer.id}]`);
    const parentMessages = await test.store.listMessages(run.conversationId);
    expect(parentMessages.flatMap((message) => toolResults(message.parts))).toEqual([
      {
        type: "tool-result",
        toolCallId: "call_d",
        tool: "delegate_step",
        ok: true,
        output: "Wrote report.md.",
        error: null,
      },
    ]);
    const delegations = test.eventsOf(run.id).filter((event) => event.type === "delegation");
    expect(delegations).toEqual([
      { type: "delegation", step: 2, agentId: writer.id, childRunId: child.id, state: "started" },
      { type: "delegation", step: 2, agentId: writer.id, childRunId: child.id, state: "finished" },
    ]);
  });

  it("is handed over by the engine when the model answers without delegating it", async () => {
    const test = setup(
      [proposal, { text: "I collected the figures." }, { text: "Done: figures and report." }],
      [{ text: "Report written." }],
    );
    const run = await test.engine.startRun({ agentId: lead.id, mode: "task", text: "Report" });
    await test.reach(run.id, "awaiting-plan-approval");
    await test.engine.decidePlan(run.id, { decision: "approve" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });

    expect(test.leadModel.doStreamCalls).toHaveLength(3);
    const messages = await test.store.listMessages(run.conversationId);
    expect(messages.map((message) => message.role)).toEqual([
      "user",
      "assistant",
      "assistant",
      "tool",
      "assistant",
    ]);
    expect(messages[2]?.parts).toEqual([
      { type: "tool-call", toolCallId: `delegate_${run.id}_2`, tool: "delegate_step", input: { step: 2 } },
    ]);
    expect(toolResults(messages[3]?.parts ?? [])).toMatchObject([{ ok: true, output: "Report written." }]);
    expect(JSON.stringify(test.leadModel.doStreamCalls[2]?.prompt)).toContain("Report written.");
  });

  it("hands each step over once, and reports a subagent that could not run as a failed call", async () => {
    const test = setup(
      [
        proposal,
        {
          toolCalls: [
            { name: "delegate_step", input: { step: 2 } },
            { name: "delegate_step", input: { step: 2 } },
            { name: "delegate_step", input: { step: 1 } },
          ],
        },
        { text: "The writer could not run." },
      ],
      null,
    );
    const run = await test.engine.startRun({ agentId: lead.id, mode: "task", text: "Report" });
    await test.reach(run.id, "awaiting-plan-approval");
    await test.engine.decidePlan(run.id, { decision: "approve" });
    expect(await test.engine.settled(run.id)).toMatchObject({ state: "completed" });

    const results = (await test.store.listMessages(run.conversationId)).flatMap((message) =>
      toolResults(message.parts),
    );
    expect(results.map((result) => result.error?.code)).toEqual([
      "TOOL_FAILED",
      "TOOL_INPUT_INVALID",
      "TOOL_INPUT_INVALID",
    ]);
    expect(results[0]?.error?.message).toContain("KEY_NOT_CONFIGURED");
    const child = await childOf(test, run.id);
    expect(child).toMatchObject({ state: "failed", error: { code: "KEY_NOT_CONFIGURED" } });
  });

  it("is cancelled with its parent, and the parent's log closes the delegation before it ends", async () => {
    const test = setup(
      [proposal, { toolCalls: [{ name: "delegate_step", input: { step: 2 } }] }],
      [{ text: "Drafting", hang: true }],
    );
    const run = await test.engine.startRun({ agentId: lead.id, mode: "task", text: "Report" });
    await test.reach(run.id, "awaiting-plan-approval");
    await test.engine.decidePlan(run.id, { decision: "approve" });
    await new Promise<void>((resolve) => {
      const stop = test.engine.subscribe((event) => {
        if (event.event.type === "text-delta") {
          stop();
          resolve();
        }
      });
    });
    const child = await childOf(test, run.id);

    expect(await test.engine.cancel(run.id)).toMatchObject({ state: "cancelled" });
    expect(await test.store.getRun(child.id)).toMatchObject({
      state: "cancelled",
      error: { code: "RUN_CANCELLED" },
    });
    const types = test
      .eventsOf(run.id)
      .map((event) => (event.type === "delegation" ? event.state : event.type));
    expect(types.slice(-4)).toEqual(["finished", "tool-result", "message", "run-state"]);
  });
});

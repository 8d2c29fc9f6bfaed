import type { Plan, PlanStep, Run } from "@multiclaw/protocol";
import { EngineError } from "./engine-error.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import type { RunLauncher } from "./run-launcher.ts";
import { recordMessage } from "./run-writes.ts";

/*
 * A subagent's run for one step of an approved plan. It gets a conversation of its own (titled after the step)
 * whose first message is the brief: the user's task and the step. Its plan is that step alone, already
 * approved: the user approved it in the parent's plan, so it is not asked again, but the subagent's own tool
 * policy applies to every call it makes. It ends when the parent's run is cancelled. The parent's log shows the
 * delegation starting and finishing around it.
 */

export function titleFrom(text: string): string {
  const firstLine = text.trim().split("\n")[0]?.trim() ?? "";
  return firstLine.length <= 80 ? firstLine : `${firstLine.slice(0, 79)}…`;
}

export async function runSubagentStep(
  core: EngineCore,
  launcher: RunLauncher,
  parent: RunContext,
  step: PlanStep,
): Promise<{ run: Run; finalText: string }> {
  const agent = step.delegateTo === null ? undefined : core.deps.agents.get(step.delegateTo);
  if (agent === undefined) {
    throw new EngineError("TOOL_UNAVAILABLE", "The step's agent is not in the workspace.");
  }
  const now = core.now();
  const conversationId = core.newId("conversation");
  const record = await launcher.open(
    {
      conversationId,
      agentId: agent.id,
      mode: "task",
      taskId: null,
      parentRunId: parent.run.id,
      state: "running",
    },
    [],
    {
      conversation: {
        id: conversationId,
        agentId: agent.id,
        title: titleFrom(`Step ${step.number}: ${step.title}`),
        createdAt: now,
        updatedAt: now,
      },
    },
  );
  parent.delegated.set(step.number, record.run.id);
  const delegation = {
    type: "delegation",
    step: step.number,
    agentId: agent.id,
    childRunId: record.run.id,
  } as const;
  await parent.log.append({ ...delegation, state: "started" });

  const brief = briefFor(parent, step);
  await recordMessage(core, record, "user", [{ type: "text", text: brief }]);
  const plan: Plan = {
    id: core.newId("plan"),
    runId: record.run.id,
    status: "approved",
    steps: [{ number: 1, title: step.title, detail: step.detail, delegateTo: null }],
    edited: false,
    createdAt: now,
    decidedAt: now,
  };
  await core.deps.store.savePlan(plan);
  await record.log.append({ type: "plan-decided", plan });

  const model = await launcher.modelFor(record, agent);
  if (model === null) {
    await parent.log.append({ ...delegation, state: "finished" });
    return { run: record.run, finalText: "" };
  }
  const child = launcher.launch(record, { agent, model, request: brief, plan, delegatedBy: parent.agent });
  const parentSignal = parent.controller.signal;
  const abortChild = () => child.ctx.controller.abort(parentSignal.reason);
  parentSignal.addEventListener("abort", abortChild, { once: true });
  if (parentSignal.aborted) abortChild();
  let finalText: string;
  try {
    finalText = await child.done;
  } finally {
    parentSignal.removeEventListener("abort", abortChild);
  }
  await parent.log.append({ ...delegation, state: "finished" });
  return { run: child.ctx.run, finalText };
}

function briefFor(parent: RunContext, step: PlanStep): string {
  const detail = step.detail.trim().length === 0 ? "" : `\n${step.detail.trim()}`;
  return [
    `${parent.agent.name} is handing you step ${step.number} of a plan the user approved for this task:`,
    parent.request,
    `Your step: ${step.title}${detail}`,
    "Do this step and reply with its result.",
  ].join("\n\n");
}

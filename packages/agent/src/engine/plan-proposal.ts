import type { JSONSchema7 } from "@ai-sdk/provider";
import { type Plan, PlanStep } from "@multiclaw/protocol";
import type { ModelMessage } from "ai";
import { z } from "zod";
import { zodInput } from "../tools/tool.ts";
import { EngineError } from "./engine-error.ts";
import { toModelMessages } from "./model-messages.ts";
import { type ModelTool, runModelStep } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import { recordUsage } from "./run-writes.ts";
import { planningPrompt } from "./system-prompt.ts";
import { createToolNames } from "./tool-names.ts";

/*
 * A task starts with a plan. The model gets one tool, propose_plan, and must call it (toolChoice); no other tool
 * is offered, so nothing can run before the user decides. The steps' delegateTo may only name another agent of
 * the workspace (an enum in the schema). A call that does not fit is answered with what is wrong and the model
 * tries again, a few times, before the run fails. The exchange stays in memory: the conversation keeps the
 * user's words and the stored plan, not the engine's prompting.
 */

export const proposePlanToolName = "propose_plan";
const attempts = 3;

export function proposalInput(delegateIds: readonly string[]) {
  const delegateTo =
    delegateIds.length === 0
      ? z.null().default(null)
      : z
          .enum(delegateIds as [string, ...string[]])
          .nullable()
          .default(null);
  const step = z.object({ title: PlanStep.shape.title, detail: PlanStep.shape.detail, delegateTo });
  return zodInput(z.object({ steps: z.array(step).min(1).max(100) }));
}

/** Asks the model for a plan and stores it as proposed (awaitPlanDecision then waits for the user). */
export async function proposePlan(core: EngineCore, ctx: RunContext): Promise<Plan> {
  const delegates = core.deps.agents.list().filter((agent) => agent.id !== ctx.agent.id);
  const input = proposalInput(delegates.map((agent) => agent.id));
  const tools: ModelTool[] = [
    {
      type: "function",
      name: proposePlanToolName,
      description: "Propose the numbered plan for the user's task, for the user to approve, edit or reject.",
      inputSchema: input.jsonSchema as JSONSchema7,
    },
  ];
  const names = createToolNames([proposePlanToolName]);
  const system = planningPrompt(ctx.agent, delegates);
  const corrections: ModelMessage[] = [];
  let problem = "";

  for (let attempt = 1; attempt <= attempts; attempt++) {
    ctx.modelCalls += 1;
    const step = await runModelStep({
      model: ctx.model,
      provider: ctx.agent.provider,
      system,
      messages: [...toModelMessages(ctx.history, names), ...corrections],
      tools,
      toolChoice: { type: "tool", toolName: proposePlanToolName },
      signal: ctx.controller.signal,
      maxRetries: core.limits.modelRetries,
      // Planning text is not shown: the plan itself is what the user reviews.
      onTextDelta: () => {},
    });
    await recordUsage(core, ctx, step.usage);

    const call = step.toolCalls.find((candidate) => candidate.toolName === proposePlanToolName);
    if (call === undefined) {
      problem = `the model did not call ${proposePlanToolName}`;
      if (step.text.length > 0) corrections.push({ role: "assistant", content: step.text });
      corrections.push({ role: "user", content: `Call ${proposePlanToolName} with the plan's steps.` });
      continue;
    }
    const parsed =
      call.unreadable === null ? input.parse(call.input) : { ok: false as const, message: call.unreadable };
    if (!parsed.ok) {
      problem = parsed.message;
      corrections.push(
        {
          role: "assistant",
          content: [
            {
              type: "tool-call",
              toolCallId: call.toolCallId,
              toolName: proposePlanToolName,
              input: typeof call.input === "object" && call.input !== null ? call.input : {},
            },
          ],
        },
        {
          role: "tool",
          content: [
            {
              type: "tool-result",
              toolCallId: call.toolCallId,
              toolName: proposePlanToolName,
              output: { type: "error-text", value: `TOOL_INPUT_INVALID: ${parsed.message}` },
            },
          ],
        },
      );
      continue;
    }

    const plan: Plan = {
      id: core.newId("plan"),
      runId: ctx.run.id,
      status: "proposed",
      steps: parsed.value.steps.map((proposed, index) => ({ number: index + 1, ...proposed })),
      edited: false,
      createdAt: core.now(),
      decidedAt: null,
    };
    await core.deps.store.savePlan(plan);
    ctx.plan = plan;
    await ctx.log.append({ type: "plan-proposed", plan });
    return plan;
  }
  throw new EngineError("TOOL_INPUT_INVALID", `${ctx.agent.name} did not propose a usable plan: ${problem}`);
}

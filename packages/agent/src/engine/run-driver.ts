import type { Tool } from "../tools/tool.ts";
import { delegatedSteps, delegateStepTool } from "./delegation-tool.ts";
import { EngineError } from "./engine-error.ts";
import type { ModelToolCall } from "./model-step.ts";
import { awaitPlanDecision } from "./plan-decision.ts";
import { proposePlan } from "./plan-proposal.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import { endedBy, runToolCalls, runToolLoop } from "./run-loop.ts";
import { finishRun, recordMessage } from "./run-writes.ts";
import { buildStepTools } from "./step-tools.ts";
import { chatPrompt, executionPrompt } from "./system-prompt.ts";

/*
 * Drives one run from where it stands to its end, and never throws: whatever stops it becomes the run's
 * terminal state. A chat answers at once. A task without an approved plan first proposes one and waits for the
 * user; a subagent's run starts with its step already approved. Then the tool loop runs with the plan in the
 * system prompt.
 */

/** Resolves with the run's final text ("" when it did not complete). */
export async function driveRun(core: EngineCore, ctx: RunContext): Promise<string> {
  try {
    if (ctx.run.mode === "chat") {
      const end = await runToolLoop(core, ctx, { system: chatPrompt(ctx.agent), engineTools: [] });
      await finishRun(core, ctx, "completed", null, end.lastAnswer);
      return end.finalText;
    }

    let plan = ctx.plan;
    if (plan === null || plan.status !== "approved") {
      plan = await awaitPlanDecision(core, ctx, await proposePlan(core, ctx));
      if (plan === null) return "";
    }
    const delegate = delegateStepTool(core, ctx);
    const engineTools: Tool[] = delegate === null ? [] : [delegate];
    const end = await runToolLoop(core, ctx, {
      system: executionPrompt(ctx.agent, plan, ctx.delegatedBy),
      engineTools,
      onAnswer: delegate === null ? undefined : () => handOverLeftSteps(core, ctx, delegate),
    });
    await finishRun(core, ctx, "completed", null, end.lastAnswer);
    return end.finalText;
  } catch (error) {
    if (ctx.controller.signal.aborted) {
      const ended = endedBy(ctx.controller.signal.reason);
      await finishRun(core, ctx, ended.code === "RUN_INTERRUPTED" ? "interrupted" : "cancelled", ended);
    } else {
      const failure =
        error instanceof EngineError
          ? { code: error.code, message: error.message }
          : core.classifyError(error);
      await finishRun(core, ctx, "failed", failure);
    }
    return "";
  }
}

/**
 * The model answered without handing over every delegated step. The user approved those steps for those
 * agents, so the engine hands them over itself, recorded as delegate_step calls like the model's own, and lets
 * the model go on with the results. Returns whether it did anything.
 */
async function handOverLeftSteps(core: EngineCore, ctx: RunContext, delegate: Tool): Promise<boolean> {
  const left = delegatedSteps(ctx.plan).filter((step) => !ctx.delegated.has(step.number));
  if (left.length === 0) return false;
  const stepTools = buildStepTools([], [delegate], ctx.agent.toolPolicy);
  const toolName = stepTools.names.toModel(delegate.name);
  const calls: ModelToolCall[] = left.map((step) => ({
    toolCallId: `delegate_${ctx.run.id}_${step.number}`,
    toolName,
    input: { step: step.number },
    unreadable: null,
  }));
  await recordMessage(
    core,
    ctx,
    "assistant",
    calls.map((call) => ({
      type: "tool-call",
      toolCallId: call.toolCallId,
      tool: delegate.name,
      input: call.input,
    })),
  );
  await runToolCalls(core, ctx, calls, stepTools);
  return true;
}

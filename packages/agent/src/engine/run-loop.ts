import type { MessagePart, RunError } from "@multiclaw/protocol";
import type { Tool } from "../tools/tool.ts";
import { EngineError } from "./engine-error.ts";
import { toModelMessages } from "./model-messages.ts";
import { type ModelToolCall, runModelStep } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import { type ModelAnswer, recordMessage, recordModelAnswer } from "./run-writes.ts";
import { buildStepTools, type StepTools } from "./step-tools.ts";
import { failedResult, recordToolResult, runToolCall } from "./tool-call-runner.ts";

/*
 * The tool loop, one model call at a time: call the model with the conversation so far; store its message
 * (text and tool calls); run the calls one after another (each may pause for approval) and store their results
 * as one tool message; repeat until the model answers without calling a tool. The last call a run is allowed
 * is made with toolChoice "none", so a run that reaches the limit still ends with an answer.
 *
 * `onAnswer` runs when the model has answered; it may add to the conversation and return true to go on (the
 * task driver uses it to hand over delegated steps the model left out).
 */

type ToolResultPart = Extract<MessagePart, { type: "tool-result" }>;

export interface LoopOptions {
  system: string;
  engineTools: readonly Tool[];
  onAnswer?: () => Promise<boolean>;
}

/** How the loop ended: the run's final text (its last non-empty reply), and the last answer to store. */
export interface LoopEnd {
  finalText: string;
  /**
   * The model's last answer when nothing else can follow it: not stored yet, so that the driver stores it
   * with the run's end in one write.
   */
  lastAnswer: ModelAnswer | undefined;
}

/** Runs the loop until the model answers without calling a tool. */
export async function runToolLoop(core: EngineCore, ctx: RunContext, options: LoopOptions): Promise<LoopEnd> {
  let finalText = "";
  for (;;) {
    ctx.modelCalls += 1;
    const lastCall = ctx.modelCalls >= core.limits.maxModelCallsPerRun;
    const stepTools = buildStepTools(
      await core.deps.toolsFor(ctx.agent, ctx.run),
      options.engineTools,
      ctx.agent.toolPolicy,
    );
    const messageId = core.newId("message");
    let said = "";
    let step: Awaited<ReturnType<typeof runModelStep>>;
    try {
      step = await runModelStep({
        model: ctx.model,
        provider: ctx.agent.provider,
        system: options.system,
        messages: toModelMessages(ctx.history, stepTools.names),
        tools: stepTools.modelTools,
        toolChoice: { type: lastCall ? "none" : "auto" },
        signal: ctx.controller.signal,
        maxRetries: core.limits.modelRetries,
        onTextDelta: (delta) => {
          said += delta;
          ctx.log.appendTextDelta(messageId, delta);
        },
      });
    } catch (error) {
      // What the user already saw streaming stays in the conversation.
      if (said.length > 0) {
        await recordMessage(core, ctx, "assistant", [{ type: "text", text: said }], { id: messageId });
      }
      throw error;
    }

    const parts: MessagePart[] = [];
    if (step.text.length > 0) parts.push({ type: "text", text: step.text });
    for (const call of step.toolCalls) {
      parts.push({
        type: "tool-call",
        toolCallId: call.toolCallId,
        tool: stepTools.resolve(call.toolName).name,
        input: call.input,
      });
    }
    const answer: ModelAnswer = { messageId, parts, usage: step.usage };
    if (step.text.length > 0) finalText = step.text;
    if (step.toolCalls.length > 0) {
      await recordModelAnswer(core, ctx, answer);
      await runToolCalls(core, ctx, step.toolCalls, stepTools);
      continue;
    }
    // No tool call. When nothing can follow, the driver stores this answer with the run's end, in one write.
    const { onAnswer } = options;
    if (lastCall || onAnswer === undefined) return { finalText, lastAnswer: answer };
    await recordModelAnswer(core, ctx, answer);
    if (!(await onAnswer())) return { finalText, lastAnswer: undefined };
  }
}

/** Runs a step's calls in order and stores their results; on cancel, the unfinished calls are answered too. */
export async function runToolCalls(
  core: EngineCore,
  ctx: RunContext,
  calls: readonly ModelToolCall[],
  stepTools: StepTools,
): Promise<void> {
  const results: ToolResultPart[] = [];
  try {
    for (const call of calls) {
      if (ctx.controller.signal.aborted) throw ctx.controller.signal.reason;
      results.push(await runToolCall(core, ctx, call, stepTools));
    }
  } catch (error) {
    if (ctx.controller.signal.aborted) {
      const ended = endedBy(ctx.controller.signal.reason);
      for (const call of calls.slice(results.length)) {
        const name = stepTools.resolve(call.toolName).name;
        results.push(await recordToolResult(core, ctx, call.toolCallId, name, failedResult(ended)));
      }
      await recordMessage(core, ctx, "tool", results);
    }
    throw error;
  }
  await recordMessage(core, ctx, "tool", results);
}

/** The error a run ends with when its signal aborts (cancel, or the gateway shutting down). */
export function endedBy(reason: unknown): RunError {
  if (reason instanceof EngineError) return { code: reason.code, message: reason.message };
  return { code: "RUN_CANCELLED", message: "The run was cancelled." };
}

import type { MessagePart, RunError } from "@multiclaw/protocol";
import { type ToolResult, toolFailure } from "../tools/tool.ts";
import { unlessAborted } from "./abortable.ts";
import { messageOf } from "./error-classification.ts";
import type { ModelToolCall } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import type { ResolvedTool, StepTools } from "./step-tools.ts";
import { describeWait, obtainApproval } from "./tool-approval.ts";
import { approvalReason } from "./tool-policy.ts";

/*
 * One tool call the model made, from the call to the result the model sees next. Every failure is a result,
 * not an exception, so the run goes on and the model can react: an unknown tool (TOOL_NOT_FOUND), a denied one
 * (TOOL_DENIED, by policy or by the user; APPROVAL_EXPIRED when nobody decided in time), arguments that do
 * not fit the tool (TOOL_INPUT_INVALID, checked before anyone is asked to approve), a tool that throws
 * (TOOL_FAILED) or overruns (TOOL_TIMEOUT). Only
 * cancelling the run throws. Output is cut to the limit before the model sees it.
 */

type ToolResultPart = Extract<MessagePart, { type: "tool-result" }>;

export async function runToolCall(
  core: EngineCore,
  ctx: RunContext,
  call: ModelToolCall,
  stepTools: StepTools,
): Promise<ToolResultPart> {
  const resolved = stepTools.resolve(call.toolName);
  await ctx.log.append({
    type: "tool-call",
    toolCallId: call.toolCallId,
    tool: resolved.name,
    input: call.input,
  });
  const result = await answerCall(core, ctx, call, resolved);
  return recordToolResult(core, ctx, call.toolCallId, resolved.name, result);
}

/** Appends the `tool-result` event; the caller stores the tool message with every result of the step. */
export async function recordToolResult(
  core: EngineCore,
  ctx: RunContext,
  toolCallId: string,
  tool: string,
  result: ToolResult,
): Promise<ToolResultPart> {
  const max = core.limits.toolOutputMaxChars;
  const part: ToolResultPart = result.ok
    ? { type: "tool-result", toolCallId, tool, ok: true, output: cut(result.output, max), error: null }
    : {
        type: "tool-result",
        toolCallId,
        tool,
        ok: false,
        output: cut(result.error.message, max),
        error: { code: result.error.code, message: cut(result.error.message, max) },
      };
  await ctx.log.append({
    type: "tool-result",
    toolCallId,
    tool,
    ok: part.ok,
    output: cut(part.output, core.limits.eventOutputMaxChars),
    error: part.error,
  });
  return part;
}

export function failedResult(error: RunError): ToolResult {
  return toolFailure(error.code, error.message);
}

async function answerCall(
  core: EngineCore,
  ctx: RunContext,
  call: ModelToolCall,
  resolved: ResolvedTool,
): Promise<ToolResult> {
  if (resolved.kind === "unknown") {
    return toolFailure("TOOL_NOT_FOUND", `There is no tool named ${resolved.name}.`);
  }
  if (resolved.kind === "denied") {
    return toolFailure("TOOL_DENIED", `The agent's tool policy does not allow ${resolved.name}.`);
  }
  if (call.unreadable !== null) return toolFailure("TOOL_INPUT_INVALID", call.unreadable);
  const parsed = resolved.tool.input.parse(call.input);
  if (!parsed.ok) {
    return toolFailure("TOOL_INPUT_INVALID", `Invalid arguments for ${resolved.name}: ${parsed.message}`);
  }

  if (resolved.kind === "engine") return execute(ctx, resolved, parsed.value, call.toolCallId, null);

  const reason = approvalReason(ctx.agent.toolPolicy, resolved.tool);
  if (reason !== null) {
    const outcome = await obtainApproval(core, ctx, call, resolved.tool, reason, parsed.value);
    if (!outcome.approved && outcome.expired) {
      const waited = describeWait(core.limits.approvalExpiryMs);
      return toolFailure(
        "APPROVAL_EXPIRED",
        `Nobody decided on this call of ${resolved.name} within ${waited}, so it was denied and not made.`,
      );
    }
    if (!outcome.approved) {
      const why = outcome.reason === null ? "" : ` (${outcome.reason})`;
      return toolFailure("TOOL_DENIED", `The user did not allow this call of ${resolved.name}${why}.`);
    }
  }
  return execute(ctx, resolved, parsed.value, call.toolCallId, core.limits.toolTimeoutMs);
}

/**
 * Runs the tool against the run's signal and, for agent tools, a timeout; an agent tool that ignores both is
 * left behind rather than waited for.
 */
async function execute(
  ctx: RunContext,
  resolved: Extract<ResolvedTool, { tool: unknown }>,
  input: unknown,
  toolCallId: string,
  timeoutMs: number | null,
): Promise<ToolResult> {
  const timeout = new AbortController();
  const timer =
    timeoutMs === null
      ? undefined
      : setTimeout(
          () => timeout.abort(new Error(`${resolved.name} did not finish within ${timeoutMs} ms`)),
          timeoutMs,
        );
  const signal = AbortSignal.any([ctx.controller.signal, timeout.signal]);
  try {
    const running = Promise.resolve().then(() =>
      resolved.tool.execute(input, { signal, runId: ctx.run.id, agentId: ctx.agent.id, toolCallId }),
    );
    if (resolved.kind === "engine") {
      // The engine's own tools (a subagent's run) end promptly on abort and record their end in this run's
      // log; waiting for them keeps those events before this run's last one.
      const result = await running;
      if (ctx.controller.signal.aborted) throw ctx.controller.signal.reason;
      return result;
    }
    return await unlessAborted(running, signal);
  } catch (error) {
    if (ctx.controller.signal.aborted) throw ctx.controller.signal.reason;
    if (timeout.signal.aborted) {
      return toolFailure("TOOL_TIMEOUT", `${resolved.name} did not finish within ${timeoutMs} ms.`);
    }
    return toolFailure("TOOL_FAILED", `${resolved.name} failed: ${messageOf(error)}`);
  } finally {
    clearTimeout(timer);
  }
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n[cut: ${text.length - max} more characters]`;
}

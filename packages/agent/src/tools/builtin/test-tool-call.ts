/*
 * Test helper: calls a tool the way the engine does (parse the raw arguments, then execute), so tests go
 * through the same input check the model's arguments meet.
 */
import type { Tool, ToolContext, ToolResult } from "../tool.ts";

export function testContext(signal: AbortSignal = new AbortController().signal): ToolContext {
  return {
    signal,
    runId: "run-test",
    agentId: "agent-test",
    toolCallId: `call-${Math.random().toString(36).slice(2)}`,
  };
}

export async function callTool(tool: Tool, args: unknown, signal?: AbortSignal): Promise<ToolResult> {
  const parsed = tool.input.parse(args);
  if (!parsed.ok) return { ok: false, error: { code: "TOOL_INPUT_INVALID", message: parsed.message } };
  return tool.execute(parsed.value, testContext(signal));
}

/** The output of a successful result; fails the test with the error otherwise. */
export function outputOf(result: ToolResult): string {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.output;
}

import type { ErrorCode } from "@multiclaw/protocol";
import { z } from "zod";

/*
 * One shape for every tool an agent can call, whatever provides it (built-ins, MCP servers, subagents).
 * The engine validates input against `input` before `execute` runs, applies the tool policy, asks for approval
 * where needed and records the call and its result in the run log.
 */

/** What a tool may use while it runs. */
export interface ToolContext {
  /** Aborted when the run is cancelled or the call times out; tools must stop promptly. */
  readonly signal: AbortSignal;
  readonly runId: string;
  readonly agentId: string;
  readonly toolCallId: string;
}

/** A tool's answer: the text the model sees next, or a failure with a stable code. */
export type ToolResult =
  | { ok: true; output: string }
  | { ok: false; error: { code: ErrorCode; message: string } };

/** A tool's arguments: JSON Schema for the model, and the check the engine runs before `execute`. */
export interface ToolInput<Input> {
  readonly jsonSchema: Readonly<Record<string, unknown>>;
  /** The parsed arguments, or a message that says what is wrong (it goes back to the model). */
  parse(value: unknown): { ok: true; value: Input } | { ok: false; message: string };
}

/** A ToolInput from a zod schema (built-in tools). */
export function zodInput<Input>(schema: z.ZodType<Input>): ToolInput<Input> {
  return {
    jsonSchema: z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>,
    parse(value) {
      const result = schema.safeParse(value);
      if (result.success) return { ok: true, value: result.data };
      return { ok: false, message: z.prettifyError(result.error) };
    },
  };
}

/**
 * A connection row a call may open, in the terms of the gateway's inventory: its id and, when the call's
 * arguments name them, the hosts it would contact there (empty: whatever the row is configured for).
 */
export interface ToolConnection {
  readonly rowId: string;
  readonly hosts: readonly string[];
}

export interface Tool<Input = unknown> {
  /** Built-ins are dotted (`files.read`); MCP tools are `<server>__<tool>`. */
  readonly name: string;
  /** What the model is told the tool does. */
  readonly description: string;
  readonly input: ToolInput<Input>;
  /** Tools that always ask the user, whatever the policy says (the shell). */
  readonly alwaysNeedsApproval?: boolean;
  /**
   * The connection rows a call with these (checked) arguments may open, shown to the user who approves it;
   * omitted by tools that open none (files, the shell).
   *
   * @example connections: (input) => [{ rowId: "web-fetch", hosts: [new URL(input.url).host] }]
   */
  connections?(input: Input): readonly ToolConnection[];
  execute(input: Input, context: ToolContext): Promise<ToolResult>;
}

/** A tool failure as a value (tools return failures; they throw only on bugs). */
export function toolFailure(code: ErrorCode, message: string): ToolResult {
  return { ok: false, error: { code, message } };
}

/**
 * Where a tool set comes from. MCP servers come and go, so the engine asks for the current tools at each model
 * step rather than once per run.
 */
export interface ToolSource {
  tools(): readonly Tool[];
}

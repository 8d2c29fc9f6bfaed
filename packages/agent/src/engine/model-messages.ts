import type { Message, MessagePart } from "@multiclaw/protocol";
import type { AssistantContent, ModelMessage, ToolContent } from "ai";
import type { ToolNames } from "./tool-names.ts";

/*
 * The conversation as the model sees it, rebuilt from the stored messages before each model call. Providers are
 * strict about the shape of a history, and ours can hold what a run left half-done, so this repairs it:
 * - every tool call gets a result (a run cancelled or interrupted mid-call left none); OpenAI refuses an
 *   assistant tool call that no tool message answers;
 * - a tool call whose input was not a JSON object (a malformed call the model made) is replayed with `{}`:
 *   Anthropic accepts only objects there, and the call's error result already tells the model what was wrong;
 * - results whose call is missing are dropped.
 */

export const unansweredCallResult = "RUN_INTERRUPTED: the run ended before this call returned.";

type ToolCallPart = Extract<MessagePart, { type: "tool-call" }>;
type ToolResultPart = Extract<MessagePart, { type: "tool-result" }>;

export function toModelMessages(messages: readonly Message[], names: ToolNames): ModelMessage[] {
  const out: ModelMessage[] = [];
  let open: ToolCallPart[] = [];

  const closeOpenCalls = (answered: ReadonlySet<string>, results: ToolContent) => {
    for (const call of open) {
      if (answered.has(call.toolCallId)) continue;
      results.push({
        type: "tool-result",
        toolCallId: call.toolCallId,
        toolName: names.toModel(call.tool),
        output: { type: "error-text", value: unansweredCallResult },
      });
    }
    open = [];
  };

  for (const message of messages) {
    if (message.role === "tool") {
      const results: ToolContent = [];
      const answered = new Set<string>();
      for (const part of message.parts) {
        if (part.type !== "tool-result" || !open.some((call) => call.toolCallId === part.toolCallId)) {
          continue;
        }
        answered.add(part.toolCallId);
        results.push(toResultPart(part, names));
      }
      closeOpenCalls(answered, results);
      if (results.length > 0) out.push({ role: "tool", content: results });
      continue;
    }

    if (open.length > 0) {
      const results: ToolContent = [];
      closeOpenCalls(new Set(), results);
      out.push({ role: "tool", content: results });
    }

    if (message.role === "user") {
      const text = textOf(message.parts);
      if (text.length > 0) out.push({ role: "user", content: text });
      continue;
    }

    const content: AssistantContent = [];
    for (const part of message.parts) {
      if (part.type === "text" && part.text.length > 0) content.push({ type: "text", text: part.text });
      if (part.type === "tool-call") {
        content.push({
          type: "tool-call",
          toolCallId: part.toolCallId,
          toolName: names.toModel(part.tool),
          input: isJsonObject(part.input) ? part.input : {},
        });
        open.push(part);
      }
    }
    if (content.length > 0) out.push({ role: "assistant", content });
  }

  if (open.length > 0) {
    const results: ToolContent = [];
    closeOpenCalls(new Set(), results);
    out.push({ role: "tool", content: results });
  }
  return out;
}

export function textOf(parts: readonly MessagePart[]): string {
  return parts
    .filter((part) => part.type === "text")
    .map((part) => part.text)
    .join("");
}

function toResultPart(part: ToolResultPart, names: ToolNames): ToolContent[number] {
  return {
    type: "tool-result",
    toolCallId: part.toolCallId,
    toolName: names.toModel(part.tool),
    output: part.ok
      ? { type: "text", value: part.output }
      : {
          type: "error-text",
          value: part.error === null ? part.output : `${part.error.code}: ${part.error.message}`,
        },
  };
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

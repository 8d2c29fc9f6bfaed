import { type ConversationDetail, type Message, type Run, terminalRunStates } from "@multiclaw/protocol";
import {
  isDrawnMessage,
  messageRow,
  type RunView,
  runEndRow,
  type ToolCallRecord,
  type TranscriptRow,
  type TranscriptState,
} from "./transcript-state.ts";

/** A run as the transcript keeps it; its plan and usage per message come only from its events. */
export function runViewOf(run: Run): RunView {
  const { id, conversationId, agentId, mode, state, error, usage, parentRunId } = run;
  return {
    run: { id, conversationId, agentId, mode, state, error, usage, parentRunId },
    plan: null,
    lastAssistantMessageId: null,
    answerMessageId: null,
  };
}

/** Records the tool calls and results a stored message carries. */
export function withToolParts(
  toolCalls: Map<string, ToolCallRecord>,
  message: Message,
  drawn: boolean,
): Map<string, ToolCallRecord> {
  for (const part of message.parts) {
    if (part.type === "tool-call") {
      const known = toolCalls.get(part.toolCallId);
      toolCalls.set(part.toolCallId, {
        toolCallId: part.toolCallId,
        runId: message.runId,
        tool: part.tool,
        input: part.input,
        startedAt: known?.startedAt ?? null,
        endedAt: known?.endedAt ?? null,
        result: known?.result ?? null,
        approval: known?.approval ?? null,
        approvalDecision: known?.approvalDecision ?? null,
        drawn: drawn || (known?.drawn ?? false),
      });
    } else if (part.type === "tool-result") {
      const known = toolCalls.get(part.toolCallId);
      if (known && known.result === null) {
        toolCalls.set(part.toolCallId, {
          ...known,
          result: { ok: part.ok, output: part.output, error: part.error },
        });
      }
    }
  }
  return toolCalls;
}

/**
 * The transcript of a conversation as the gateway stored it: its messages in order, and after the last
 * message of every finished run a row with how that run ended and what it cost.
 */
export function seedTranscript(detail: ConversationDetail): TranscriptState {
  const runs = new Map(detail.runs.map((run) => [run.id, runViewOf(run)]));
  const lastMessageOfRun = new Map<string, number>();
  detail.messages.forEach((message, index) => {
    if (message.runId) lastMessageOfRun.set(message.runId, index);
  });
  const rows: TranscriptRow[] = [];
  const messages = new Map<string, Message>();
  const toolCalls = new Map<string, ToolCallRecord>();
  detail.messages.forEach((message, index) => {
    messages.set(message.id, message);
    const drawn = isDrawnMessage(message);
    if (drawn) rows.push(messageRow(message.id));
    withToolParts(toolCalls, message, drawn);
    const runView = message.runId ? runs.get(message.runId) : undefined;
    if (message.role === "assistant" && runView) runView.lastAssistantMessageId = message.id;
    const endsHere = message.runId !== null && lastMessageOfRun.get(message.runId) === index;
    if (endsHere && runView && terminalRunStates.includes(runView.run.state))
      rows.push(runEndRow(runView.run.id));
  });
  return {
    conversation: detail.conversation,
    rows,
    messages,
    streaming: new Map(),
    messageUsage: new Map(),
    toolCalls,
    runs,
  };
}

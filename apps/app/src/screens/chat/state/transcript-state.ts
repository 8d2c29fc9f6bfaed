import type {
  ApprovalRequest,
  ApprovalScope,
  Conversation,
  Message,
  Plan,
  Run,
  RunError,
  TokenUsage,
} from "@multiclaw/protocol";

/*
 * What the chat screen draws for one conversation, as plain immutable data. Stored messages seed it and run
 * events fold into it (fold-run-event.ts). A streamed token replaces only `streaming`, so the row list and
 * every finished message keep their identity and React redraws only the streaming row.
 */

/** One row of the transcript, keyed by what it shows; the list only grows at its end. */
export type TranscriptRow =
  | { kind: "message"; key: string; messageId: string }
  | { kind: "plan"; key: string; runId: string }
  /** A tool call paused for the user whose call is not drawn in this conversation (a subagent's). */
  | { kind: "approval"; key: string; toolCallId: string }
  | { kind: "run-end"; key: string; runId: string }
  /**
   * Where a run's answer will appear, placed when the run starts: its first streamed message is drawn in it, so
   * the first words change only that row's text, not the list (answer-row.ts).
   */
  | { kind: "answer"; key: string; runId: string };

export interface ToolCallResult {
  ok: boolean;
  output: string;
  error: RunError | null;
}

/** A tool call, from the model's message to its result, with the approval it may wait on. */
export interface ToolCallRecord {
  toolCallId: string;
  runId: string | null;
  tool: string;
  input: unknown;
  /** When the runtime started it (`tool-call` event) and answered it (`tool-result`); null if not seen live. */
  startedAt: string | null;
  endedAt: string | null;
  result: ToolCallResult | null;
  approval: ApprovalRequest | null;
  approvalDecision: { decision: "approve" | "deny"; scope: ApprovalScope | null } | null;
  /** Whether a message of this conversation shows the call (a subagent's calls are not in it). */
  drawn: boolean;
}

export interface RunView {
  run: Pick<Run, "id" | "conversationId" | "agentId" | "mode" | "state" | "error" | "usage" | "parentRunId">;
  plan: Plan | null;
  /** The run's newest assistant message: a `usage` event's new tokens are that message's. */
  lastAssistantMessageId: string | null;
  /** The message drawn in the run's answer row, once its first words arrived; null while the row waits. */
  answerMessageId: string | null;
}

export interface StreamingText {
  runId: string;
  text: string;
}

export interface TranscriptState {
  conversation: Conversation | null;
  rows: readonly TranscriptRow[];
  messages: ReadonlyMap<string, Message>;
  /** Text streamed so far per assistant message not stored yet. */
  streaming: ReadonlyMap<string, StreamingText>;
  messageUsage: ReadonlyMap<string, TokenUsage>;
  toolCalls: ReadonlyMap<string, ToolCallRecord>;
  runs: ReadonlyMap<string, RunView>;
}

export const emptyTranscript: TranscriptState = {
  conversation: null,
  rows: [],
  messages: new Map(),
  streaming: new Map(),
  messageUsage: new Map(),
  toolCalls: new Map(),
  runs: new Map(),
};

export const messageRow = (messageId: string): TranscriptRow => ({
  kind: "message",
  key: `m:${messageId}`,
  messageId,
});
export const planRow = (runId: string): TranscriptRow => ({ kind: "plan", key: `p:${runId}`, runId });
export const runEndRow = (runId: string): TranscriptRow => ({ kind: "run-end", key: `e:${runId}`, runId });
export const answerRow = (runId: string): TranscriptRow => ({ kind: "answer", key: `s:${runId}`, runId });
export const approvalRow = (toolCallId: string): TranscriptRow => ({
  kind: "approval",
  key: `a:${toolCallId}`,
  toolCallId,
});

/** Tool messages are not rows of their own: their results show in the call's card. */
export function isDrawnMessage(message: Message): boolean {
  return message.role !== "tool";
}

import { type Message, type RunEvent, type TokenUsage, terminalRunStates } from "@multiclaw/protocol";
import { appendRow, fillAnswerRow, withoutWaitingAnswer } from "./answer-row.ts";
import { withToolParts } from "./seed-transcript.ts";
import {
  approvalRow,
  isDrawnMessage,
  messageRow,
  planRow,
  type RunView,
  runEndRow,
  type ToolCallRecord,
  type TranscriptRow,
  type TranscriptState,
} from "./transcript-state.ts";
import { addUsage, usageSince } from "./usage.ts";

/*
 * Folds one run event into the transcript, returning a new state that shares everything the event did not
 * touch. Events arrive once and in order per run (the subscription sees to that), but a replay may repeat what
 * the stored messages already show, so every step is idempotent: a stored message ignores its old deltas, a
 * row is added once.
 */
export function foldRunEvent(state: TranscriptState, event: RunEvent): TranscriptState {
  const body = event.event;
  switch (body.type) {
    case "text-delta":
      return foldTextDelta(state, event.runId, body.messageId, body.delta);
    case "message":
      return foldMessage(state, body.message);
    case "run-state":
      return foldRunState(state, event.runId, body);
    case "plan-proposed":
    case "plan-decided": {
      const view = state.runs.get(body.plan.runId);
      if (!view) return state;
      const rows =
        view.plan === null && belongsHere(state, view) ? appendRow(state, planRow(view.run.id)) : state.rows;
      return { ...state, rows, runs: withRunView(state, { ...view, plan: body.plan }) };
    }
    case "tool-call": {
      const known = state.toolCalls.get(body.toolCallId);
      return withToolCall(state, {
        ...(known ?? blankToolCall(body.toolCallId, event.runId)),
        tool: body.tool,
        input: body.input,
        startedAt: event.at,
      });
    }
    case "approval-requested": {
      const { approval } = body;
      const known = state.toolCalls.get(approval.toolCallId) ?? {
        ...blankToolCall(approval.toolCallId, approval.runId),
        tool: approval.tool,
        input: approval.input,
      };
      const next = withToolCall(state, { ...known, approval, approvalDecision: null });
      if (known.drawn || state.rows.some((row) => row.key === approvalRow(approval.toolCallId).key))
        return next;
      return { ...next, rows: appendRow(next, approvalRow(approval.toolCallId)) };
    }
    case "approval-decided": {
      const known = [...state.toolCalls.values()].find((call) => call.approval?.id === body.approvalId);
      if (!known) return state;
      return withToolCall(state, {
        ...known,
        approvalDecision: { decision: body.decision, scope: body.scope },
      });
    }
    case "tool-result": {
      const known = state.toolCalls.get(body.toolCallId) ?? {
        ...blankToolCall(body.toolCallId, event.runId),
        tool: body.tool,
      };
      return withToolCall(state, {
        ...known,
        endedAt: event.at,
        result: { ok: body.ok, output: body.output, error: body.error },
      });
    }
    case "usage":
      return foldUsage(state, event.runId, body.usage);
    case "delegation":
      return state;
  }
}

function belongsHere(state: TranscriptState, view: RunView): boolean {
  return state.conversation !== null && view.run.conversationId === state.conversation.id;
}

function withRunView(state: TranscriptState, view: RunView): Map<string, RunView> {
  return new Map(state.runs).set(view.run.id, view);
}

function withToolCall(state: TranscriptState, call: ToolCallRecord): TranscriptState {
  return { ...state, toolCalls: new Map(state.toolCalls).set(call.toolCallId, call) };
}

function blankToolCall(toolCallId: string, runId: string): ToolCallRecord {
  return {
    toolCallId,
    runId,
    tool: "",
    input: undefined,
    startedAt: null,
    endedAt: null,
    result: null,
    approval: null,
    approvalDecision: null,
    drawn: false,
  };
}

function foldTextDelta(
  state: TranscriptState,
  runId: string,
  messageId: string,
  delta: string,
): TranscriptState {
  if (state.messages.has(messageId)) return state;
  const view = state.runs.get(runId);
  if (!view || !belongsHere(state, view)) return state;
  const sofar = state.streaming.get(messageId);
  const streaming = new Map(state.streaming).set(messageId, { runId, text: (sofar?.text ?? "") + delta });
  if (sofar !== undefined) return { ...state, streaming };
  const answered = fillAnswerRow(state, runId, messageId);
  if (answered) return { ...answered, streaming };
  return { ...state, rows: appendRow(state, messageRow(messageId)), streaming };
}

function foldMessage(before: TranscriptState, message: Message): TranscriptState {
  const here = before.conversation !== null && message.conversationId === before.conversation.id;
  const drawn = here && isDrawnMessage(message);
  const toolCalls = withToolParts(new Map(before.toolCalls), message, drawn);
  if (!here) return { ...before, toolCalls };
  const hadRow = before.messages.has(message.id) || before.streaming.has(message.id);
  // An answer stored without being streamed first is drawn in its run's waiting answer row, like a streamed one.
  const answered =
    drawn && !hadRow && message.role === "assistant" && message.runId
      ? fillAnswerRow(before, message.runId, message.id)
      : null;
  const state = answered ?? before;
  const rows: readonly TranscriptRow[] =
    drawn && !hadRow && answered === null ? appendRow(state, messageRow(message.id)) : state.rows;
  let streaming = state.streaming;
  if (streaming.has(message.id)) {
    const rest = new Map(streaming);
    rest.delete(message.id);
    streaming = rest;
  }
  let runs = state.runs;
  const view = message.runId ? state.runs.get(message.runId) : undefined;
  if (view && message.role === "assistant") {
    runs = withRunView(state, { ...view, lastAssistantMessageId: message.id });
  }
  return {
    ...state,
    rows,
    streaming,
    toolCalls,
    runs,
    messages: new Map(state.messages).set(message.id, message),
  };
}

function foldRunState(
  state: TranscriptState,
  runId: string,
  body: Extract<RunEvent["event"], { type: "run-state" }>,
): TranscriptState {
  const view = state.runs.get(runId);
  if (!view) return state;
  const runs = withRunView(state, { ...view, run: { ...view.run, state: body.state, error: body.error } });
  const ended = terminalRunStates.includes(body.state);
  const endKey = runEndRow(runId).key;
  const addEnd = ended && belongsHere(state, view) && !state.rows.some((row) => row.key === endKey);
  const rows = ended ? withoutWaitingAnswer(state, runId) : state.rows;
  return { ...state, runs, rows: addEnd ? [...rows, runEndRow(runId)] : rows };
}

/** A `usage` event carries the run's new total: the tokens it adds are its newest assistant message's. */
function foldUsage(state: TranscriptState, runId: string, total: TokenUsage): TranscriptState {
  const view = state.runs.get(runId);
  if (!view) return state;
  const runs = withRunView(state, { ...view, run: { ...view.run, usage: total } });
  const messageId = view.lastAssistantMessageId;
  if (messageId === null) return { ...state, runs };
  const added = usageSince(total, view.run.usage);
  const before = state.messageUsage.get(messageId);
  const messageUsage = new Map(state.messageUsage).set(messageId, before ? addUsage(before, added) : added);
  return { ...state, runs, messageUsage };
}

import type { Message, MessagePart, RunError, RunState, TokenUsage } from "@multiclaw/protocol";
import { terminalRunStates } from "@multiclaw/protocol";
import { addUsage } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import type { LogEntry } from "./run-log.ts";

/*
 * The few writes every part of a run makes: a state change, a message, the usage after a model call. Each is
 * one event stored together with the rows it changes (one transaction), before the event is published.
 */

type RunRecord = Pick<RunContext, "run" | "log" | "history">;

export async function setRunState(
  core: EngineCore,
  record: RunRecord,
  state: RunState,
  error: RunError | null = null,
  options: { touchConversation?: boolean } = {},
): Promise<void> {
  const updatedAt = core.now();
  await record.log.append(
    { type: "run-state", state, error },
    {
      runUpdate: { state, error, updatedAt },
      ...(options.touchConversation === true
        ? { conversationTouched: { id: record.run.conversationId, updatedAt } }
        : {}),
    },
  );
  record.run = { ...record.run, state, error, updatedAt };
  core.announceState(record.run);
}

/** Ends the run in a terminal state, once; a store that fails here can only be reported. */
export async function finishRun(
  core: EngineCore,
  record: RunRecord,
  state: RunState,
  error: RunError | null,
): Promise<void> {
  if (terminalRunStates.includes(record.run.state)) return;
  try {
    await setRunState(core, record, state, error, { touchConversation: true });
  } catch (storeError) {
    core.reportError(storeError, `recording the end of run ${record.run.id}`);
  }
}

/** A new message of the run. */
export function newMessage(
  core: EngineCore,
  run: Pick<RunRecord["run"], "id" | "conversationId">,
  role: Message["role"],
  parts: MessagePart[],
  id: string = core.newId("message"),
): Message {
  return { id, conversationId: run.conversationId, runId: run.id, role, parts, createdAt: core.now() };
}

/** The `message` event that stores the message with it (and moves its conversation up when asked). */
export function messageEntry(message: Message, touchConversation: boolean): LogEntry {
  return {
    body: { type: "message", message },
    rows: touchConversation
      ? { message, conversationTouched: { id: message.conversationId, updatedAt: message.createdAt } }
      : { message },
  };
}

export async function recordMessage(
  core: EngineCore,
  record: RunRecord,
  role: Message["role"],
  parts: MessagePart[],
  options: { id?: string } = {},
): Promise<Message> {
  const message = newMessage(core, record.run, role, parts, options.id);
  await record.log.appendAll([messageEntry(message, false)]);
  record.history.push(message);
  return message;
}

/**
 * The end of a model call, in one write: the model's message (when it said or called anything) and the run's
 * token total after the call (when the provider reported usage).
 */
export async function recordModelAnswer(
  core: EngineCore,
  record: RunRecord,
  answer: { messageId?: string; parts: MessagePart[]; usage: TokenUsage },
): Promise<void> {
  const entries: LogEntry[] = [];
  const message =
    answer.parts.length > 0
      ? newMessage(core, record.run, "assistant", answer.parts, answer.messageId)
      : undefined;
  if (message !== undefined) entries.push(messageEntry(message, false));
  const { usage } = answer;
  const counted = usage.totalTokens !== 0 || usage.inputTokens !== 0 || usage.outputTokens !== 0;
  const total = addUsage(record.run.usage, usage);
  const updatedAt = core.now();
  if (counted)
    entries.push({ body: { type: "usage", usage: total }, rows: { runUpdate: { usage: total, updatedAt } } });
  if (entries.length === 0) return;
  await record.log.appendAll(entries);
  if (message !== undefined) record.history.push(message);
  if (counted) record.run = { ...record.run, usage: total, updatedAt };
}

/** Adds one model call's tokens to the run's total; the `usage` event carries the new total. */
export async function recordUsage(core: EngineCore, record: RunRecord, usage: TokenUsage): Promise<void> {
  await recordModelAnswer(core, record, { parts: [], usage });
}

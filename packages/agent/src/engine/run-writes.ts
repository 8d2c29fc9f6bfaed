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

/** Log entries to store in one write, and what changes in memory once they are stored. */
interface RunWrite {
  entries: LogEntry[];
  stored(): void;
}

async function commit(record: RunRecord, ...writes: RunWrite[]): Promise<void> {
  const entries = writes.flatMap((write) => write.entries);
  if (entries.length === 0) return;
  await record.log.appendAll(entries);
  for (const write of writes) write.stored();
}

function stateWrite(
  core: EngineCore,
  record: RunRecord,
  state: RunState,
  error: RunError | null,
  touchConversation: boolean,
): RunWrite {
  const updatedAt = core.now();
  const runUpdate = { state, error, updatedAt };
  return {
    entries: [
      {
        body: { type: "run-state", state, error },
        rows: touchConversation
          ? { runUpdate, conversationTouched: { id: record.run.conversationId, updatedAt } }
          : { runUpdate },
      },
    ],
    stored: () => {
      record.run = { ...record.run, state, error, updatedAt };
    },
  };
}

export async function setRunState(
  core: EngineCore,
  record: RunRecord,
  state: RunState,
  error: RunError | null = null,
): Promise<void> {
  await commit(record, stateWrite(core, record, state, error, false));
  core.announceState(record.run);
}

/**
 * Ends the run in a terminal state, once, in one write with the model's last answer when it is given; a store
 * that fails here can only be reported.
 */
export async function finishRun(
  core: EngineCore,
  record: RunRecord,
  state: RunState,
  error: RunError | null,
  lastAnswer?: ModelAnswer,
): Promise<void> {
  if (terminalRunStates.includes(record.run.state)) return;
  try {
    const answer = lastAnswer === undefined ? [] : [modelAnswerWrite(core, record, lastAnswer)];
    await commit(record, ...answer, stateWrite(core, record, state, error, true));
    core.announceState(record.run);
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

/** What a model call answered: its message (parts may be empty) and the tokens it used. */
export interface ModelAnswer {
  messageId?: string;
  parts: MessagePart[];
  usage: TokenUsage;
}

/**
 * The model's message (when it said or called anything), stored with the tokens of the call that wrote it, and
 * the run's token total (when usage was reported).
 */
function modelAnswerWrite(core: EngineCore, record: RunRecord, answer: ModelAnswer): RunWrite {
  const entries: LogEntry[] = [];
  const { usage } = answer;
  const counted = usage.totalTokens !== 0 || usage.inputTokens !== 0 || usage.outputTokens !== 0;
  const said =
    answer.parts.length > 0
      ? newMessage(core, record.run, "assistant", answer.parts, answer.messageId)
      : undefined;
  const message = said !== undefined && counted ? { ...said, usage } : said;
  if (message !== undefined) entries.push(messageEntry(message, false));
  const total = addUsage(record.run.usage, usage);
  const updatedAt = core.now();
  if (counted) {
    entries.push({ body: { type: "usage", usage: total }, rows: { runUpdate: { usage: total, updatedAt } } });
  }
  return {
    entries,
    stored: () => {
      if (message !== undefined) record.history.push(message);
      if (counted) record.run = { ...record.run, usage: total, updatedAt };
    },
  };
}

/** The end of a model call, in one write (see modelAnswerWrite). */
export async function recordModelAnswer(
  core: EngineCore,
  record: RunRecord,
  answer: ModelAnswer,
): Promise<void> {
  await commit(record, modelAnswerWrite(core, record, answer));
}

/** Adds one model call's tokens to the run's total; the `usage` event carries the new total. */
export async function recordUsage(core: EngineCore, record: RunRecord, usage: TokenUsage): Promise<void> {
  await recordModelAnswer(core, record, { parts: [], usage });
}

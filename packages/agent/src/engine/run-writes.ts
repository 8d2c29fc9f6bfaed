import type { Message, MessagePart, RunError, RunState, TokenUsage } from "@multiclaw/protocol";
import { terminalRunStates } from "@multiclaw/protocol";
import { addUsage } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";

/*
 * The few writes every part of a run makes, each stored before its event is published: a state change, a
 * message, the usage after a model call.
 */

type RunRecord = Pick<RunContext, "run" | "log" | "history">;

export async function setRunState(
  core: EngineCore,
  record: RunRecord,
  state: RunState,
  error: RunError | null = null,
): Promise<void> {
  const updatedAt = core.now();
  await core.deps.store.updateRun(record.run.id, { state, error, updatedAt });
  record.run = { ...record.run, state, error, updatedAt };
  await record.log.append({ type: "run-state", state, error });
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
    await setRunState(core, record, state, error);
    await core.deps.store.touchConversation(record.run.conversationId, record.run.updatedAt);
  } catch (storeError) {
    core.reportError(storeError, `recording the end of run ${record.run.id}`);
  }
}

export async function recordMessage(
  core: EngineCore,
  record: RunRecord,
  role: Message["role"],
  parts: MessagePart[],
  id: string = core.newId("message"),
): Promise<Message> {
  const message: Message = {
    id,
    conversationId: record.run.conversationId,
    runId: record.run.id,
    role,
    parts,
    createdAt: core.now(),
  };
  await core.deps.store.appendMessage(message);
  record.history.push(message);
  await record.log.append({ type: "message", message });
  return message;
}

/** Adds one model call's tokens to the run's total; the `usage` event carries the new total. */
export async function recordUsage(core: EngineCore, record: RunRecord, usage: TokenUsage): Promise<void> {
  if (usage.totalTokens === 0 && usage.inputTokens === 0 && usage.outputTokens === 0) return;
  const total = addUsage(record.run.usage, usage);
  const updatedAt = core.now();
  await core.deps.store.updateRun(record.run.id, { usage: total, updatedAt });
  record.run = { ...record.run, usage: total, updatedAt };
  await record.log.append({ type: "usage", usage: total });
}

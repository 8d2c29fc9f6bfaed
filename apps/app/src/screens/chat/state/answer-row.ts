import { terminalRunStates } from "@multiclaw/protocol";
import { answerRow, type TranscriptRow, type TranscriptState } from "./transcript-state.ts";

/*
 * A run's answer row: added when the run starts (the user sent, or a run is found still going), before any word
 * of it arrives, and drawn with a waiting cursor; the run's first streamed or stored assistant message is then
 * drawn in it. The first words of an answer so change one row's text instead of adding a row to the
 * virtualised list (a mount, a measure and a re-layout of the list in the task that shows them). While it
 * waits, the row stays the last: what arrives before the answer (the person's message, a plan, an approval)
 * is placed above it. A run that ends without an answer drops it.
 */

function waitingAnswer(state: TranscriptState, row: TranscriptRow): boolean {
  return row.kind === "answer" && state.runs.get(row.runId)?.answerMessageId === null;
}

/** The rows with `row` added at the end, but above any answer row still waiting for its first words. */
export function appendRow(state: TranscriptState, row: TranscriptRow): readonly TranscriptRow[] {
  let at = state.rows.length;
  while (at > 0 && waitingAnswer(state, state.rows[at - 1] as TranscriptRow)) at -= 1;
  return [...state.rows.slice(0, at), row, ...state.rows.slice(at)];
}

/** Adds the answer row of a run of this conversation that has not ended and has none yet. */
export function withAnswerRow(state: TranscriptState, runId: string): TranscriptState {
  const view = state.runs.get(runId);
  if (!view || state.conversation === null || view.run.conversationId !== state.conversation.id) return state;
  if (terminalRunStates.includes(view.run.state)) return state;
  const key = answerRow(runId).key;
  if (state.rows.some((row) => row.key === key)) return state;
  return { ...state, rows: [...state.rows, answerRow(runId)] };
}

/**
 * Draws `messageId` in its run's answer row if that row is waiting: the new state, or null when there is no
 * such row (the message then gets a row of its own).
 */
export function fillAnswerRow(
  state: TranscriptState,
  runId: string,
  messageId: string,
): TranscriptState | null {
  const view = state.runs.get(runId);
  if (!view || view.answerMessageId !== null) return null;
  if (!state.rows.some((row) => row.kind === "answer" && row.runId === runId)) return null;
  return { ...state, runs: new Map(state.runs).set(runId, { ...view, answerMessageId: messageId }) };
}

/** The rows without the run's answer row if it never got an answer (the run ended first). */
export function withoutWaitingAnswer(state: TranscriptState, runId: string): readonly TranscriptRow[] {
  const waiting = state.rows.findIndex((row) => row.kind === "answer" && row.runId === runId);
  if (waiting === -1 || !waitingAnswer(state, state.rows[waiting] as TranscriptRow)) return state.rows;
  return state.rows.filter((_, index) => index !== waiting);
}

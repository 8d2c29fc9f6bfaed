import { type Plan, type Run, terminalRunStates } from "@multiclaw/protocol";
import { runViewOf } from "./seed-transcript.ts";
import { planRow, type RunView, runEndRow, type TranscriptState } from "./transcript-state.ts";
import { emptyUsage } from "./usage.ts";

/** The conversation's run that has not ended (the gateway runs one at a time per conversation), if any. */
export function activeRunOf(state: TranscriptState): RunView | null {
  for (const view of state.runs.values()) {
    const here = state.conversation !== null && view.run.conversationId === state.conversation.id;
    if (here && !terminalRunStates.includes(view.run.state)) return view;
  }
  return null;
}

/** The plan waiting for the user's decision in this conversation (the one Ctrl/Cmd+Enter approves). */
export function pendingPlanOf(state: TranscriptState): Plan | null {
  const view = activeRunOf(state);
  if (view?.run.state !== "awaiting-plan-approval" || view.plan?.status !== "proposed") return null;
  return view.plan;
}

/** What the user said last: Retry sends it again. */
export function lastUserTextOf(state: TranscriptState): string | null {
  for (let index = state.rows.length - 1; index >= 0; index -= 1) {
    const row = state.rows[index];
    if (row?.kind !== "message") continue;
    const message = state.messages.get(row.messageId);
    if (message?.role !== "user") continue;
    const text = message.parts.flatMap((part) => (part.type === "text" ? [part.text] : [])).join("\n");
    if (text.trim()) return text;
  }
  return null;
}

/** Adds a run the page started or found; a run it knows already keeps what its events told. */
export function withRun(state: TranscriptState, run: Run): TranscriptState {
  if (state.runs.has(run.id)) return state;
  return { ...state, runs: new Map(state.runs).set(run.id, runViewOf(run)) };
}

/**
 * Before a run's events replay from its first one, its token total starts again from zero, so each `usage`
 * event's increase lands on the message it belongs to.
 */
export function readyForReplay(state: TranscriptState, runId: string): TranscriptState {
  const view = state.runs.get(runId);
  if (!view) return state;
  const runs = new Map(state.runs).set(runId, { ...view, run: { ...view.run, usage: emptyUsage } });
  // A run-end row from the stored messages is drawn again when the replay reaches the end.
  const rows = state.rows.filter((row) => row.key !== runEndRow(runId).key);
  return { ...state, runs, rows };
}

/**
 * A finished run's plan, read after the transcript was drawn (a stored conversation carries no plans): shown
 * where it was decided, after the message that started the run.
 */
export function withStoredPlan(state: TranscriptState, plan: Plan): TranscriptState {
  const view = state.runs.get(plan.runId);
  if (!view || view.plan !== null) return state;
  const runs = new Map(state.runs).set(plan.runId, { ...view, plan });
  const opening = state.rows.findIndex(
    (row) => row.kind === "message" && state.messages.get(row.messageId)?.runId === plan.runId,
  );
  const at = opening === -1 ? state.rows.length : opening + 1;
  const rows = [...state.rows.slice(0, at), planRow(plan.runId), ...state.rows.slice(at)];
  return { ...state, runs, rows };
}

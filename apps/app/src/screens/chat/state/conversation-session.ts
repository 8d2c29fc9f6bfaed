import type { GatewayClient, RunEventStreamStatus, RunEventSubscription } from "@multiclaw/gateway-client";
import { type Run, type RunEvent, terminalRunStates } from "@multiclaw/protocol";
import { withAnswerRow } from "./answer-row.ts";
import { createDrawScheduler } from "./draw-scheduler.ts";
import { foldRunEvent } from "./fold-run-event.ts";
import { estimateStoredMessages } from "./row-height-estimate.ts";
import { seedTranscript } from "./seed-transcript.ts";
import { readyForReplay, withRun, withStoredPlan } from "./transcript-selectors.ts";
import { emptyTranscript, type TranscriptState } from "./transcript-state.ts";

/*
 * One open conversation: its stored messages, then every run still going replayed from its first event over
 * the gateway's WebSocket, so a reload or a second window shows the whole answer so far and any decision that
 * waits. Plain TypeScript behind subscribe/getSnapshot: React reads it with useSyncExternalStore. Events fold
 * at once; what is drawn is published at once when nothing was drawn in this frame, else at the next frame (at
 * most once per frame: draw-scheduler.ts).
 */

/** Finished task runs whose plans are read when a conversation opens; older ones show without their plan. */
const STORED_PLANS_READ = 20;

/** Runs started elsewhere since the last look: a person cannot start more than a few in a few seconds. */
const DISCOVER_LIMIT = 10;

export type SessionLoad = { state: "loading" } | { state: "ready" } | { state: "failed"; error: unknown };

export interface SessionSnapshot {
  load: SessionLoad;
  transcript: TranscriptState;
  /** The run-event stream, once a run is followed. */
  stream: RunEventStreamStatus | null;
}

export interface ConversationSessionDeps {
  gateway: Pick<GatewayClient, "getConversation" | "getRun" | "listRuns" | "subscribeRunEvents">;
  conversationId: string;
  /** Runs `atFrame` before the next frame (requestAnimationFrame in the page): the bound of one draw per frame. */
  scheduleFrame(atFrame: () => void): void;
  /**
   * Resolves in a later task (the page's \`scheduler.yield\`, or a timer): the conversation read is parsed in
   * one task and laid out in the next, so a long one costs two shorter tasks instead of one long one.
   */
  nextTask(): Promise<void>;
  /** Each event after it was folded, for what lives outside the transcript (notifications, cached lists). */
  onRunEvent?(event: RunEvent, transcript: TranscriptState): void;
}

export interface ConversationSession {
  subscribe(listener: () => void): () => void;
  getSnapshot(): SessionSnapshot;
  /** Follows a run this page started (or found), from its first event. */
  follow(run: Run): void;
  /** Looks for runs of this conversation started elsewhere (another window, the CLI) and follows them. */
  discoverRuns(): Promise<void>;
  close(): void;
}

export function createConversationSession(deps: ConversationSessionDeps): ConversationSession {
  const listeners = new Set<() => void>();
  let transcript: TranscriptState = emptyTranscript;
  let load: SessionLoad = { state: "loading" };
  let stream: RunEventStreamStatus | null = null;
  let snapshot: SessionSnapshot = { load, transcript, stream };
  const drawing = createDrawScheduler(deps.scheduleFrame);
  let closed = false;
  let subscription: RunEventSubscription | null = null;
  const followed = new Set<string>();
  /** Runs started before the stored conversation arrived: followed once it has. */
  const waiting: Run[] = [];

  function draw(): void {
    if (closed) return;
    snapshot = { load, transcript, stream };
    for (const listener of listeners) listener();
  }

  function publish(urgent = false): void {
    if (!closed) drawing.schedule(draw, { urgent });
  }

  function onEvent(event: RunEvent): void {
    const before = transcript;
    transcript = foldRunEvent(transcript, event);
    const body = event.event;
    // An answer's first words are drawn at once, even in a frame that drew the run's start.
    const firstWords =
      body.type === "text-delta" &&
      !before.streaming.has(body.messageId) &&
      transcript.streaming.has(body.messageId);
    if (body.type === "delegation" && body.state === "started") void followById(body.childRunId);
    deps.onRunEvent?.(event, transcript);
    publish(firstWords);
  }

  function startFollowing(runIds: readonly string[]): void {
    const fresh = runIds.filter((runId) => !followed.has(runId));
    if (fresh.length === 0 || closed) return;
    for (const runId of fresh) {
      followed.add(runId);
      // Its answer's row is in place before the first words arrive (answer-row.ts).
      transcript = withAnswerRow(readyForReplay(transcript, runId), runId);
    }
    if (subscription === null) {
      const opened = deps.gateway.subscribeRunEvents({
        subscribe: fresh,
        onEvent,
        onStatus(status) {
          stream = status;
          publish();
        },
      });
      subscription = opened;
      // After a stream the gateway refused for good (signed out), the next run followed opens a new one.
      void opened.stopped.then(() => {
        if (subscription === opened) subscription = null;
      });
    } else {
      subscription.add(fresh);
    }
  }

  async function followById(runId: string): Promise<void> {
    if (followed.has(runId)) return;
    try {
      const detail = await deps.gateway.getRun(runId);
      transcript = withRun(transcript, detail.run);
      startFollowing([runId]);
    } catch {
      // A subagent run that cannot be read now is tried again when its parent's events replay (a reload).
    }
  }

  /** The plans of finished task runs (the newest few), drawn in place once read. */
  async function loadStoredPlans(runs: readonly Run[]): Promise<void> {
    // With nothing to read, nothing is drawn: a draw here would land in the task that parsed the conversation.
    if (runs.length === 0) return;
    const details = await Promise.all(
      runs.slice(0, STORED_PLANS_READ).map((run) => deps.gateway.getRun(run.id).catch(() => null)),
    );
    if (closed) return;
    const before = transcript;
    for (const detail of details) if (detail?.plan) transcript = withStoredPlan(transcript, detail.plan);
    if (transcript !== before) publish();
  }

  async function open(): Promise<void> {
    try {
      const detail = await deps.gateway.getConversation(deps.conversationId);
      await deps.nextTask();
      if (closed) return;
      transcript = seedTranscript(detail);
      // The rows' estimated heights are worked out here, in the task that read the conversation, not in the
      // frame that draws it (the virtualiser lays out every row from them).
      estimateStoredMessages(transcript);
      for (const run of waiting) transcript = withRun(transcript, run);
      load = { state: "ready" };
      const active = detail.runs.filter((run) => !terminalRunStates.includes(run.state));
      startFollowing([...active, ...waiting].map((run) => run.id));
      void loadStoredPlans(
        detail.runs.filter((run) => run.mode === "task" && terminalRunStates.includes(run.state)),
      );
    } catch (error) {
      load = { state: "failed", error };
    }
    // In a task of its own: drawn in the one that parsed it, a long conversation would make one long task.
    deps.scheduleFrame(publish);
  }

  void open();

  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    follow(run) {
      if (load.state !== "ready") {
        waiting.push(run);
        return;
      }
      transcript = withRun(transcript, run);
      startFollowing([run.id]);
      publish();
    },
    async discoverRuns() {
      if (load.state !== "ready") return;
      // Not only active runs: one may have started and ended between two looks, and its events still replay.
      const { runs } = await deps.gateway.listRuns({
        conversationId: deps.conversationId,
        limit: DISCOVER_LIMIT,
      });
      const unknown = runs.filter((run) => !transcript.runs.has(run.id)).reverse();
      if (unknown.length === 0) return;
      for (const run of unknown) transcript = withRun(transcript, run);
      startFollowing(unknown.map((run) => run.id));
      publish();
    },
    close() {
      closed = true;
      drawing.cancel();
      subscription?.close();
      subscription = null;
      listeners.clear();
    },
  };
}

import type { Agent, Conversation, Message, MessagePart, Run, RunEvent } from "@multiclaw/protocol";
import type { ResolvedModel } from "./engine-deps.ts";
import { emptyUsage } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import { driveRun } from "./run-driver.ts";
import { createRunLog, type LogEntry, type RunLog } from "./run-log.ts";
import { finishRun, messageEntry, newMessage } from "./run-writes.ts";

/*
 * Creating runs and keeping track of the ones being driven: the one place a run row is created, its log
 * opened, its model resolved and its driver started, for the user's runs and subagents' runs alike.
 */

export type RunRecord = Pick<RunContext, "run" | "log" | "history">;

export interface ActiveRun {
  ctx: RunContext;
  /** Settles with the run's final text once the driver is done (it never rejects). */
  done: Promise<string>;
}

export type NewRunFields = Pick<
  Run,
  "conversationId" | "agentId" | "mode" | "taskId" | "parentRunId" | "state"
>;

/** What a run's first write stores with it. */
export interface RunOpening {
  conversation?: Conversation;
  userMessage?: MessagePart[];
}

export interface RunLauncher {
  /** Runs being driven by this process, by id. */
  readonly active: ReadonlyMap<string, ActiveRun>;
  /**
   * Stores a new run with its first event (its state) and announces it. In the same write: its conversation
   * when that is new, and the user's message that starts it.
   */
  open(fields: NewRunFields, history: Message[], opening?: RunOpening): Promise<RunRecord>;
  /** The agent's model, or null after failing the run: a missing key fails here, before any provider call. */
  modelFor(record: RunRecord, agent: Agent): Promise<ResolvedModel | null>;
  /** Starts driving the run in the background. */
  launch(
    record: RunRecord,
    fields: Pick<RunContext, "agent" | "model" | "request" | "plan" | "delegatedBy">,
  ): ActiveRun;
  /** The event log of a run (for a run no driver owns, e.g. one a crash left behind). */
  logFor(runId: string): RunLog;
  /** Claims a conversation for one run at a time; false when a run of it is still going. */
  claimConversation(conversationId: string): boolean;
  releaseConversation(conversationId: string): void;
}

export function createRunLauncher(core: EngineCore, publish: (event: RunEvent) => void): RunLauncher {
  const active = new Map<string, ActiveRun>();
  const busyConversations = new Set<string>();

  const logFor = (runId: string) => createRunLog({ runId, store: core.deps.store, now: core.now, publish });

  return {
    active,
    logFor,

    async open(fields, history, opening = {}) {
      const now = core.now();
      const run: Run = {
        id: core.newId("run"),
        ...fields,
        usage: emptyUsage,
        error: null,
        createdAt: now,
        updatedAt: now,
      };
      const record: RunRecord = { run, history, log: logFor(run.id) };
      const entries: LogEntry[] = [
        {
          body: { type: "run-state", state: run.state, error: null },
          rows: opening.conversation === undefined ? { run } : { conversation: opening.conversation, run },
        },
      ];
      const message =
        opening.userMessage === undefined ? undefined : newMessage(core, run, "user", opening.userMessage);
      // A new conversation already carries the time; an existing one moves up its list.
      if (message !== undefined) entries.push(messageEntry(message, opening.conversation === undefined));
      await record.log.appendAll(entries);
      if (message !== undefined) history.push(message);
      core.announceState(run);
      return record;
    },

    async modelFor(record, agent) {
      try {
        return await core.deps.resolveModel(agent);
      } catch (error) {
        await finishRun(core, record, "failed", core.classifyError(error));
        return null;
      }
    },

    launch(record, fields) {
      const ctx: RunContext = {
        ...record,
        ...fields,
        controller: new AbortController(),
        delegated: new Map(),
        modelCalls: 0,
        pending: null,
      };
      const drive = () => driveRun(core, ctx);
      const entry: ActiveRun = {
        ctx,
        done: (core.deps.withinRun ? core.deps.withinRun(ctx.run, drive) : drive()).finally(() => {
          active.delete(ctx.run.id);
          busyConversations.delete(ctx.run.conversationId);
        }),
      };
      active.set(ctx.run.id, entry);
      return entry;
    },

    claimConversation(conversationId) {
      if (busyConversations.has(conversationId)) return false;
      busyConversations.add(conversationId);
      return true;
    },

    releaseConversation(conversationId) {
      busyConversations.delete(conversationId);
    },
  };
}

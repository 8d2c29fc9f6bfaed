import type { Agent, Message, Run, RunEvent } from "@multiclaw/protocol";
import type { ResolvedModel } from "./engine-deps.ts";
import { emptyUsage } from "./model-step.ts";
import type { EngineCore, RunContext } from "./run-context.ts";
import { driveRun } from "./run-driver.ts";
import { createRunLog, type RunLog } from "./run-log.ts";
import { finishRun } from "./run-writes.ts";

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

export interface RunLauncher {
  /** Runs being driven by this process, by id. */
  readonly active: ReadonlyMap<string, ActiveRun>;
  /** Stores a new run with its first event (its state) and announces it. */
  open(fields: NewRunFields, history: Message[]): Promise<RunRecord>;
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

    async open(fields, history) {
      const now = core.now();
      const run: Run = {
        id: core.newId("run"),
        ...fields,
        usage: emptyUsage,
        error: null,
        createdAt: now,
        updatedAt: now,
      };
      await core.deps.store.createRun(run);
      const record: RunRecord = { run, history, log: logFor(run.id) };
      await record.log.append({ type: "run-state", state: run.state, error: null });
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
      const entry: ActiveRun = {
        ctx,
        done: driveRun(core, ctx).finally(() => {
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

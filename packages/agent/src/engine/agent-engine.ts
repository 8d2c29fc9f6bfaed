import {
  type Agent,
  type ApprovalDecision,
  type ApprovalGrant,
  type Conversation,
  type Message,
  type Plan,
  type PlanDecision,
  type Run,
  type RunError,
  type RunEvent,
  type RunMode,
  RunState,
  terminalRunStates,
} from "@multiclaw/protocol";
import { deferred } from "./abortable.ts";
import { type AgentEngineDeps, defaultEngineLimits } from "./engine-deps.ts";
import { EngineError } from "./engine-error.ts";
import { classifyModelError } from "./error-classification.ts";
import { checkDelegation } from "./plan-decision.ts";
import type { EngineCore } from "./run-context.ts";
import { createRunLauncher } from "./run-launcher.ts";
import type { StoredApproval } from "./run-store.ts";
import { finishRun } from "./run-writes.ts";
import { runSubagentStep, titleFrom } from "./subagent-run.ts";
import { expirePendingApproval } from "./tool-approval.ts";
import { allowedScopes } from "./tool-policy.ts";

/*
 * The agent engine: runs an agent's turns and tasks on this machine and writes everything they do to the run
 * log (RunStore), event by event, stored before it is published.
 *
 * - A run is driven in the background by one async driver (run-driver.ts) that alone writes its records. The
 *   user's decisions (decidePlan, decideApproval) are handed to the waiting driver, which stores them and the
 *   next state before the decide call returns; a cancel aborts the driver's signal. So a run's events never
 *   interleave, whatever the API does concurrently.
 * - Chat: the tool loop (run-loop.ts) answers at once. Task: the model must call propose_plan (forced
 *   toolChoice, no other tool offered) → the run waits in awaiting-plan-approval; nothing else is called until
 *   approve / edit / reject. Then the loop runs with the approved plan in the system prompt.
 * - The engine runs tools itself, one model call at a time (streamText with tools that have no execute), so it
 *   can validate input, apply the tool policy (tool-policy.ts), pause for approvals and store each step.
 * - A plan step may delegate to another agent: the parent's model calls delegate_step when it reaches it, and
 *   a child run (parentRunId set, its step already approved) carries it out under its own agent's tool policy.
 * - Cancel aborts the model stream and running tools (RUN_CANCELLED); close() ends active runs as interrupted;
 *   recoverInterrupted() marks runs a crash left behind (RUN_INTERRUPTED).
 */

export interface StartRunInput {
  /** Continue this conversation; a new one is created (titled from the text) when omitted. */
  conversationId?: string;
  agentId: string;
  mode: RunMode;
  /** The Cloud task the run works on, for an assignment. */
  taskId?: string | null;
  text: string;
}

export interface AgentEngine {
  /** Stores the user's message and the run, starts it in the background and resolves with the new run. */
  startRun(input: StartRunInput): Promise<Run>;
  /** Answers the plan the run is waiting on; resolves once the decision and the run's next state are stored. */
  decidePlan(runId: string, decision: PlanDecision): Promise<Plan>;
  /** Answers a paused tool call; resolves once the decision (and any grant) is stored. */
  decideApproval(approvalId: string, decision: ApprovalDecision): Promise<StoredApproval>;
  /** Cancels the run (and its subagents' runs) and resolves with it once it has ended. */
  cancel(runId: string): Promise<Run>;
  /** Every run event, after it was stored, in `seq` order per run. Returns the unsubscribe function. */
  subscribe(listener: (event: RunEvent) => void): () => void;
  /** Every state change of a run, after it was stored (the gateway reports task states to the Cloud from it). */
  onRunState(listener: (run: Run) => void): () => void;
  /** At start-up: ends every run left unfinished by the last process as `interrupted`; returns them. */
  recoverInterrupted(): Promise<Run[]>;
  /** Standing grants of an agent (and of one run, when given) that have not expired. */
  listGrants(options: { agentId: string; runId?: string }): Promise<ApprovalGrant[]>;
  revokeGrant(grant: Pick<ApprovalGrant, "agentId" | "runId" | "tool" | "scope">): Promise<void>;
  /** Resolves with the run once it is no longer being driven (at once for an ended or unknown run). */
  settled(runId: string): Promise<Run | undefined>;
  /** Ends every active run as `interrupted` (shutdown) and waits for them. */
  close(): Promise<void>;
}

const interruptedError: RunError = {
  code: "RUN_INTERRUPTED",
  message: "The gateway stopped while this run was in progress.",
};

const unfinishedStates = RunState.options.filter((state) => !terminalRunStates.includes(state));

/**
 * @example
 * const engine = createAgentEngine({ store, resolveModel, toolsFor, agents, newId, clock });
 * await engine.recoverInterrupted();
 * engine.subscribe((event) => socket.send(JSON.stringify(event)));
 * const run = await engine.startRun({ agentId, mode: "task", text: "Tidy the downloads folder" });
 */
export function createAgentEngine(deps: AgentEngineDeps): AgentEngine {
  const { store } = deps;
  const eventListeners = new Set<(event: RunEvent) => void>();
  const stateListeners = new Set<(run: Run) => void>();
  const reportError =
    deps.reportError ??
    ((error: unknown, context: string) => console.error(`agent engine: ${context}`, error));

  const core: EngineCore = {
    deps,
    limits: { ...defaultEngineLimits, ...deps.limits },
    now: () => deps.clock.now(),
    newId: (kind) => deps.newId(kind),
    classifyError: (error) =>
      deps.classifyError === undefined ? classifyModelError(error) : deps.classifyError(error),
    reportError,
    announceState: (run) => notify(stateListeners, run, "a run state listener"),
    runDelegatedStep: (parent, step) => runSubagentStep(core, launcher, parent, step),
  };
  const launcher = createRunLauncher(core, (event) => notify(eventListeners, event, "a run event listener"));
  const { active } = launcher;

  function notify<T>(listeners: ReadonlySet<(value: T) => void>, value: T, what: string): void {
    for (const listener of listeners) {
      try {
        listener(value);
      } catch (error) {
        reportError(error, `${what} threw`);
      }
    }
  }

  /**
   * Claims the conversation for the new run, with its messages so far; a new conversation is only described
   * here and stored with the run's first event.
   */
  async function conversationFor(
    input: StartRunInput,
    agent: Agent,
  ): Promise<{ id: string; history: Message[]; created?: Conversation }> {
    if (input.conversationId === undefined) {
      const id = core.newId("conversation");
      const now = core.now();
      launcher.claimConversation(id);
      return {
        id,
        history: [],
        created: { id, agentId: agent.id, title: titleFrom(input.text), createdAt: now, updatedAt: now },
      };
    }
    const conversation = await store.getConversation(input.conversationId);
    if (conversation === undefined) throw new EngineError("NOT_FOUND", "No such conversation.");
    if (conversation.agentId !== agent.id) {
      throw new EngineError("VALIDATION_FAILED", "The conversation belongs to another agent.");
    }
    if (!launcher.claimConversation(conversation.id)) {
      throw new EngineError("CONFLICT", "A run is already in progress in this conversation.");
    }
    try {
      return { id: conversation.id, history: await store.listMessages(conversation.id) };
    } catch (error) {
      launcher.releaseConversation(conversation.id);
      throw error;
    }
  }

  async function startRun(input: StartRunInput): Promise<Run> {
    const agent = deps.agents.get(input.agentId);
    if (agent === undefined) throw new EngineError("NOT_FOUND", "No such agent.");
    if (input.text.trim().length === 0) throw new EngineError("VALIDATION_FAILED", "The message is empty.");
    const conversation = await conversationFor(input, agent);
    try {
      const record = await launcher.open(
        {
          conversationId: conversation.id,
          agentId: agent.id,
          mode: input.mode,
          taskId: input.taskId ?? null,
          parentRunId: null,
          state: input.mode === "task" ? "planning" : "running",
        },
        conversation.history,
        {
          ...(conversation.created === undefined ? {} : { conversation: conversation.created }),
          userMessage: [{ type: "text", text: input.text }],
        },
      );
      const model = await launcher.modelFor(record, agent);
      if (model === null) {
        launcher.releaseConversation(conversation.id);
        return record.run;
      }
      const started = record.run;
      launcher.launch(record, { agent, model, request: input.text, plan: null, delegatedBy: null });
      return started;
    } catch (error) {
      launcher.releaseConversation(conversation.id);
      throw error;
    }
  }

  /** Ends a run that no driver owns (one an earlier process left behind). */
  async function endUndriven(run: Run, state: RunState, error: RunError): Promise<Run> {
    const record = { run, history: [], log: launcher.logFor(run.id) };
    await finishRun(core, record, state, error);
    return record.run;
  }

  function approvalExpired(approval: StoredApproval): EngineError {
    return new EngineError(
      "APPROVAL_EXPIRED",
      `Nobody decided on this call of ${approval.tool} before ${approval.expiresAt ?? "it expired"}, so it was denied.`,
    );
  }

  async function runNotWaiting(runId: string, what: string): Promise<never> {
    const run = await store.getRun(runId);
    if (run === undefined) throw new EngineError("NOT_FOUND", "No such run.");
    throw new EngineError("CONFLICT", `The run is ${run.state}; it is not waiting for ${what}.`);
  }

  return {
    startRun,

    async decidePlan(runId, decision) {
      const entry = active.get(runId);
      const pending = entry?.ctx.pending;
      if (entry === undefined || pending?.kind !== "plan") return runNotWaiting(runId, "a plan decision");
      if (decision.decision === "edit") checkDelegation(decision.steps, deps.agents, entry.ctx.agent.id);
      entry.ctx.pending = null;
      const recorded = deferred<Plan>();
      pending.answer.resolve({ decision, recorded });
      return recorded.promise;
    },

    async decideApproval(approvalId, decision) {
      const approval = await store.getApproval(approvalId);
      if (approval === undefined) throw new EngineError("NOT_FOUND", "No such approval request.");
      if (approval.expired) throw approvalExpired(approval);
      if (approval.decision !== null) throw new EngineError("CONFLICT", "This call was already decided.");
      const entry = active.get(approval.runId);
      const pending = entry?.ctx.pending;
      if (entry === undefined || pending?.kind !== "approval" || pending.approvalId !== approvalId) {
        // It may have expired since it was read.
        const now = await store.getApproval(approvalId);
        if (now?.expired) throw approvalExpired(now);
        return runNotWaiting(approval.runId, "this approval");
      }
      // Its timer may not have fired yet: the engine's clock decides, so the outcome does not hang on timing.
      if (Date.parse(core.now()) >= Date.parse(pending.expiresAt)) {
        await expirePendingApproval(entry.ctx, approvalId);
        throw approvalExpired(approval);
      }
      if (decision.decision === "approve" && !allowedScopes(pending.reason).includes(decision.scope)) {
        throw new EngineError(
          "VALIDATION_FAILED",
          `${approval.tool} always asks: it can be approved for this call or for this run, not for the agent.`,
        );
      }
      entry.ctx.pending = null;
      const recorded = deferred<StoredApproval>();
      pending.answer.resolve({ decision, recorded });
      return recorded.promise;
    },

    async cancel(runId) {
      const entry = active.get(runId);
      if (entry !== undefined) {
        entry.ctx.controller.abort(new EngineError("RUN_CANCELLED", "The run was cancelled."));
        await entry.done;
        return entry.ctx.run;
      }
      const run = await store.getRun(runId);
      if (run === undefined) throw new EngineError("NOT_FOUND", "No such run.");
      if (terminalRunStates.includes(run.state)) return run;
      return endUndriven(run, "cancelled", { code: "RUN_CANCELLED", message: "The run was cancelled." });
    },

    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },

    onRunState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },

    async recoverInterrupted() {
      const ended: Run[] = [];
      for (const run of await store.listRuns({ states: unfinishedStates })) {
        if (active.has(run.id)) continue;
        ended.push(await endUndriven(run, "interrupted", interruptedError));
      }
      return ended;
    },

    listGrants: (options) => store.listGrants({ ...options, now: core.now() }),

    revokeGrant: (grant) => store.deleteGrant(grant),

    async settled(runId) {
      const entry = active.get(runId);
      if (entry !== undefined) await entry.done;
      return store.getRun(runId);
    },

    async close() {
      const entries = [...active.values()];
      for (const { ctx } of entries) {
        ctx.controller.abort(new EngineError(interruptedError.code, interruptedError.message));
      }
      await Promise.all(entries.map((entry) => entry.done));
    },
  };
}

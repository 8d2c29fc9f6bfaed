import type {
  Agent,
  ApprovalDecision,
  Message,
  Plan,
  PlanDecision,
  PlanStep,
  Run,
  RunError,
} from "@multiclaw/protocol";
import type { Deferred } from "./abortable.ts";
import type { AgentEngineDeps, EngineLimits, LocalIdKind, ResolvedModel } from "./engine-deps.ts";
import type { RunLog } from "./run-log.ts";
import type { StoredApproval } from "./run-store.ts";
import type { ApprovalReason } from "./tool-policy.ts";

/*
 * The in-memory side of a run that is being driven. Only the run's driver writes to the store for it (the
 * decide* operations hand their answer to the driver and wait for it to be recorded), so a cancel racing a
 * decision can never interleave their events.
 */

/** A user's answer handed to the waiting driver, with a slot for what the driver recorded. */
export interface Answer<Decision, Recorded> {
  decision: Decision;
  recorded: Deferred<Recorded>;
}

/** What answers a paused tool call: the user's decision, or its expiry (nobody decided in time). */
export type ApprovalAnswer = ApprovalDecision | { decision: "expire" };

export type PendingDecision =
  | { kind: "plan"; answer: Deferred<Answer<PlanDecision, Plan>> }
  | {
      kind: "approval";
      approvalId: string;
      reason: ApprovalReason;
      /** When the request expires (ISO, from the engine's clock). */
      expiresAt: string;
      answer: Deferred<Answer<ApprovalAnswer, StoredApproval>>;
    };

export interface RunContext {
  /** Kept equal to the stored row. */
  run: Run;
  readonly agent: Agent;
  readonly model: ResolvedModel;
  readonly controller: AbortController;
  readonly log: RunLog;
  /** The conversation so far, as stored: the model's context. */
  readonly history: Message[];
  /** What the run was asked to do: the user's text, or a subagent's brief. */
  readonly request: string;
  plan: Plan | null;
  /** For a subagent's run: the agent whose plan step it carries out. */
  readonly delegatedBy: Agent | null;
  /** Model calls made so far (planning included), against the run's limit. */
  modelCalls: number;
  /** Plan steps handed to subagents: step number → child run id. */
  readonly delegated: Map<number, string>;
  pending: PendingDecision | null;
}

/** What the run modules share: the host's deps with defaults filled in, and the engine's own services. */
export interface EngineCore {
  readonly deps: AgentEngineDeps;
  readonly limits: EngineLimits;
  now(): string;
  newId(kind: LocalIdKind): string;
  classifyError(error: unknown): RunError;
  reportError(error: unknown, context: string): void;
  /** Tells state listeners (after the run-state event was stored and published). */
  announceState(run: Run): void;
  /** Starts a subagent's run for one delegated plan step; resolves with the child's final run and text. */
  runDelegatedStep(parent: RunContext, step: PlanStep): Promise<{ run: Run; finalText: string }>;
}

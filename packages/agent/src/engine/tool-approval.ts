import type { ApprovalConnection, ApprovalGrant, ApprovalRequest } from "@multiclaw/protocol";
import type { Tool } from "../tools/tool.ts";
import { deferred } from "./abortable.ts";
import { awaitAnswer, newAnswerSlot, recordAnswer } from "./await-answer.ts";
import type { Answer, ApprovalAnswer, EngineCore, RunContext } from "./run-context.ts";
import type { StoredApproval } from "./run-store.ts";
import { setRunState } from "./run-writes.ts";
import { type ApprovalReason, grantCovers } from "./tool-policy.ts";

/*
 * A tool call that needs the user's approval: a stored, unexpired grant lets it through at once; otherwise the
 * run pauses (awaiting-tool-approval) with a stored ApprovalRequest — the call's arguments, the connection rows
 * it may open and when it expires — until decideApproval answers it or it expires. The decision (or the
 * expiry, a denial), and the grant a wider scope creates, are stored before the run moves on.
 *
 * An expiry goes through the same answer slot as the user's decision, so exactly one of them is recorded: a
 * decision the engine acknowledged is never overwritten by an expiry, and one that comes after the expiry is
 * turned down.
 */

export type ApprovalOutcome =
  | { approved: true }
  | { approved: false; reason: string | null; expired: boolean };

export async function obtainApproval(
  core: EngineCore,
  ctx: RunContext,
  call: { toolCallId: string; input: unknown },
  tool: Tool,
  reason: ApprovalReason,
  checkedInput: unknown,
): Promise<ApprovalOutcome> {
  const { store } = core.deps;
  const requestedAt = core.now();
  const grants = await store.listGrants({ agentId: ctx.agent.id, runId: ctx.run.id, now: requestedAt });
  const covering = { tool: tool.name, agentId: ctx.agent.id, runId: ctx.run.id, reason };
  if (grants.some((grant) => grantCovers(grant, covering))) return { approved: true };

  const expiryMs = core.limits.approvalExpiryMs;
  const request: ApprovalRequest = {
    id: core.newId("approval"),
    runId: ctx.run.id,
    toolCallId: call.toolCallId,
    tool: tool.name,
    input: call.input,
    reason,
    connections: await connectionsOf(core, tool, checkedInput),
    expiresAt: new Date(Date.parse(requestedAt) + expiryMs).toISOString(),
    createdAt: requestedAt,
  };
  const expiresAt = request.expiresAt as string;
  await store.saveApproval({ ...request, decision: null, decidedAt: null });
  await ctx.log.append({ type: "approval-requested", approval: request });

  // Open for answers before anyone hears that the run waits, so an answer sent at once is not turned down.
  const slot = newAnswerSlot<ApprovalAnswer, StoredApproval>();
  ctx.pending = { kind: "approval", approvalId: request.id, reason, expiresAt, answer: slot };
  const timer = setTimeout(() => void expirePendingApproval(ctx, request.id), expiryMs);
  let answer: Answer<ApprovalAnswer, StoredApproval>;
  try {
    await setRunState(core, ctx, "awaiting-tool-approval");
    answer = await awaitAnswer(slot, ctx.controller.signal);
  } finally {
    clearTimeout(timer);
    ctx.pending = null;
  }
  const decision = answer.decision;
  const expired = decision.decision === "expire";
  await recordAnswer(answer, async () => {
    const decidedAt = core.now();
    const decided: StoredApproval = {
      ...request,
      decision: decision.decision === "approve" ? "approve" : "deny",
      decidedAt,
      ...(expired ? { expired: true } : {}),
    };
    await store.saveApproval(decided);
    const scope = decision.decision === "approve" ? decision.scope : null;
    if (decision.decision === "approve" && decision.scope !== "call") {
      const grant: ApprovalGrant = {
        tool: tool.name,
        scope: decision.scope,
        agentId: ctx.agent.id,
        runId: decision.scope === "tool-for-run" ? ctx.run.id : null,
        expiresAt:
          decision.expiresInSeconds === undefined
            ? null
            : new Date(Date.parse(decidedAt) + decision.expiresInSeconds * 1000).toISOString(),
        createdAt: decidedAt,
      };
      await store.saveGrant(grant);
    }
    await ctx.log.append({
      type: "approval-decided",
      approvalId: request.id,
      decision: decided.decision as "approve" | "deny",
      scope,
      ...(expired ? { expired: true } : {}),
    });
    await setRunState(core, ctx, "running");
    return decided;
  });
  if (decision.decision === "approve") return { approved: true };
  return decision.decision === "deny"
    ? { approved: false, reason: decision.reason ?? null, expired: false }
    : { approved: false, reason: null, expired: true };
}

/**
 * Answers the run's pending approval `approvalId` with its expiry, if it still waits; resolves with what was
 * recorded, or undefined when it no longer waits (decided, cancelled).
 */
export function expirePendingApproval(
  ctx: RunContext,
  approvalId: string,
): Promise<StoredApproval> | undefined {
  const pending = ctx.pending;
  if (pending?.kind !== "approval" || pending.approvalId !== approvalId) return undefined;
  ctx.pending = null;
  const recorded = deferred<StoredApproval>();
  // Nobody may be waiting for it (the timer's expiry): a failed recording ends the run, which reports it.
  recorded.promise.catch(() => {});
  pending.answer.resolve({ decision: { decision: "expire" }, recorded });
  return recorded.promise;
}

/** "30 minutes", "45 seconds": how long a request waited before it expired. */
export function describeWait(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) {
    const minutes = ms / 60_000;
    return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  }
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${seconds} second${seconds === 1 ? "" : "s"}`;
}

/** The rows the call may open, described by the host; a failure to describe them still shows their ids. */
async function connectionsOf(core: EngineCore, tool: Tool, input: unknown): Promise<ApprovalConnection[]> {
  const wanted = tool.connections?.(input) ?? [];
  if (wanted.length === 0) return [];
  const plain = () =>
    wanted.map(({ rowId, hosts }) => ({ rowId, title: rowId, hosts: [...hosts], contactedHosts: [] }));
  const describe = core.deps.describeConnections;
  if (describe === undefined) return plain();
  try {
    return [...(await describe(wanted))];
  } catch (error) {
    core.reportError(error, `describing the connections of ${tool.name}`);
    return plain();
  }
}

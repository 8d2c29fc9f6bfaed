import type { ApprovalDecision, ApprovalGrant } from "@multiclaw/protocol";
import type { Tool } from "../tools/tool.ts";
import { awaitAnswer, newAnswerSlot, recordAnswer } from "./await-answer.ts";
import type { Answer, EngineCore, RunContext } from "./run-context.ts";
import type { StoredApproval } from "./run-store.ts";
import { setRunState } from "./run-writes.ts";
import { type ApprovalReason, grantCovers } from "./tool-policy.ts";

/*
 * A tool call that needs the user's approval: a stored, unexpired grant lets it through at once; otherwise the
 * run pauses (awaiting-tool-approval) with a stored ApprovalRequest until decideApproval answers it. The
 * decision, and the grant a wider scope creates, are stored before the run moves on.
 */

export type ApprovalOutcome = { approved: true } | { approved: false; reason: string | null };

export async function obtainApproval(
  core: EngineCore,
  ctx: RunContext,
  call: { toolCallId: string; input: unknown },
  tool: Tool,
  reason: ApprovalReason,
): Promise<ApprovalOutcome> {
  const { store } = core.deps;
  const requestedAt = core.now();
  const grants = await store.listGrants({ agentId: ctx.agent.id, runId: ctx.run.id, now: requestedAt });
  const covering = { tool: tool.name, agentId: ctx.agent.id, runId: ctx.run.id, reason };
  if (grants.some((grant) => grantCovers(grant, covering))) return { approved: true };

  const request = {
    id: core.newId("approval"),
    runId: ctx.run.id,
    toolCallId: call.toolCallId,
    tool: tool.name,
    input: call.input,
    reason,
    createdAt: requestedAt,
  };
  await store.saveApproval({ ...request, decision: null, decidedAt: null });
  await ctx.log.append({ type: "approval-requested", approval: request });

  // Open for answers before anyone hears that the run waits, so an answer sent at once is not turned down.
  const slot = newAnswerSlot<ApprovalDecision, StoredApproval>();
  ctx.pending = { kind: "approval", approvalId: request.id, reason, answer: slot };
  let answer: Answer<ApprovalDecision, StoredApproval>;
  try {
    await setRunState(core, ctx, "awaiting-tool-approval");
    answer = await awaitAnswer(slot, ctx.controller.signal);
  } finally {
    ctx.pending = null;
  }
  const decision = answer.decision;
  await recordAnswer(answer, async () => {
    const decidedAt = core.now();
    const decided: StoredApproval = { ...request, decision: decision.decision, decidedAt };
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
      decision: decision.decision,
      scope,
    });
    await setRunState(core, ctx, "running");
    return decided;
  });
  return decision.decision === "approve"
    ? { approved: true }
    : { approved: false, reason: decision.reason ?? null };
}

import type { Plan, PlanDecision, PlanStep } from "@multiclaw/protocol";
import { awaitAnswer, newAnswerSlot, recordAnswer } from "./await-answer.ts";
import type { AgentDirectory } from "./engine-deps.ts";
import { EngineError } from "./engine-error.ts";
import type { Answer, EngineCore, RunContext } from "./run-context.ts";
import { finishRun, setRunState } from "./run-writes.ts";

/*
 * The user's answer to a proposed plan. `approve` takes the steps as proposed; `edit` approves the user's steps
 * instead (renumbered in order, `edited` set); `reject` ends the run `rejected` with PLAN_REJECTED. The plan
 * keeps its id: an edit is the same plan, decided differently.
 */

/** Refuses edited steps that delegate to an agent outside the workspace, or to the run's own agent. */
export function checkDelegation(
  steps: readonly PlanStep[],
  agents: AgentDirectory,
  ownAgentId: string,
): void {
  for (const step of steps) {
    if (step.delegateTo === null) continue;
    if (step.delegateTo === ownAgentId) {
      throw new EngineError("VALIDATION_FAILED", `Step "${step.title}" delegates to the run's own agent.`);
    }
    if (agents.get(step.delegateTo) === undefined) {
      throw new EngineError("VALIDATION_FAILED", `Step "${step.title}" delegates to an unknown agent.`);
    }
  }
}

export function applyPlanDecision(plan: Plan, decision: PlanDecision, decidedAt: string): Plan {
  switch (decision.decision) {
    case "approve":
      return { ...plan, status: "approved", decidedAt };
    case "edit":
      return {
        ...plan,
        status: "approved",
        edited: true,
        steps: decision.steps.map((step, index) => ({ ...step, number: index + 1 })),
        decidedAt,
      };
    case "reject":
      return { ...plan, status: "rejected", decidedAt };
  }
}

/**
 * Puts the run in awaiting-plan-approval and waits for decidePlan; then stores the decided plan and the run's
 * next state before the caller's decidePlan returns. Resolves with the approved plan, or null when the user
 * rejected it (the run has ended).
 */
export async function awaitPlanDecision(
  core: EngineCore,
  ctx: RunContext,
  proposed: Plan,
): Promise<Plan | null> {
  // Open for answers before anyone hears that the run waits, so an answer sent at once is not turned down.
  const slot = newAnswerSlot<PlanDecision, Plan>();
  ctx.pending = { kind: "plan", answer: slot };
  let answer: Answer<PlanDecision, Plan>;
  try {
    await setRunState(core, ctx, "awaiting-plan-approval");
    answer = await awaitAnswer(slot, ctx.controller.signal);
  } finally {
    ctx.pending = null;
  }
  const { decision } = answer;
  const plan = await recordAnswer(answer, async () => {
    const decided = applyPlanDecision(proposed, decision, core.now());
    await core.deps.store.savePlan(decided);
    ctx.plan = decided;
    await ctx.log.append({ type: "plan-decided", plan: decided });
    if (decision.decision === "reject") {
      const why = decision.reason === undefined ? "" : `: ${decision.reason}`;
      await finishRun(core, ctx, "rejected", {
        code: "PLAN_REJECTED",
        message: `The user rejected the plan${why}`,
      });
    } else {
      await setRunState(core, ctx, "running");
    }
    return decided;
  });
  return plan.status === "approved" ? plan : null;
}

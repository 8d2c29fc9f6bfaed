import type { Plan, PlanDecision, PlanStep } from "@multiclaw/protocol";

/** A step while it is edited: a key that survives reordering, and the fields the person may change. */
export interface EditableStep {
  key: string;
  title: string;
  detail: string;
  delegateTo: PlanStep["delegateTo"];
}

export function editableStepsOf(plan: Plan): EditableStep[] {
  return plan.steps.map((step) => ({
    key: `${plan.id}:${step.number}`,
    title: step.title,
    detail: step.detail,
    delegateTo: step.delegateTo,
  }));
}

/**
 * The decision an edited plan becomes: `edit` with the steps renumbered in order, or the reason it cannot be
 * sent yet (a step without a title, or none left — rejecting says that better).
 */
export function editDecisionOf(
  steps: readonly EditableStep[],
): { decision: PlanDecision } | { problem: string } {
  if (steps.length === 0) return { problem: "Keep at least one step, or reject the plan." };
  const untitled = steps.findIndex((step) => step.title.trim() === "");
  if (untitled >= 0) return { problem: `Step ${untitled + 1} needs a title.` };
  return {
    decision: {
      decision: "edit",
      steps: steps.map((step, index) => ({
        number: index + 1,
        title: step.title.trim(),
        detail: step.detail,
        delegateTo: step.delegateTo,
      })),
    },
  };
}

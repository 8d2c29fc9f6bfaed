import type { Plan } from "@multiclaw/protocol";
import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tools/tool.ts";
import type { EngineCore, RunContext } from "./run-context.ts";

/*
 * How a run hands an approved plan step to a subagent: the model calls delegate_step with the step's number
 * when it reaches it, and the subagent's final reply comes back as the tool result. The model can choose only
 * when, never what or to whom: the steps and their agents are the ones the user approved, and each step is
 * handed over once. The user's approval of the plan is the approval of the delegation, so this tool is not
 * subject to the tool policy; the subagent's own tools still are, under its own agent's policy.
 */

export const delegateStepToolName = "delegate_step";

export function delegatedSteps(plan: Plan | null): Plan["steps"] {
  return plan?.steps.filter((step) => step.delegateTo !== null) ?? [];
}

/** The tool for a run whose approved plan delegates steps, or null when it delegates none. */
export function delegateStepTool(core: EngineCore, ctx: RunContext): Tool<{ step: number }> | null {
  const steps = delegatedSteps(ctx.plan);
  const [first, ...rest] = steps.map((step) => step.number);
  if (first === undefined) return null;
  const described = steps.map((step) => {
    const agent = step.delegateTo === null ? undefined : core.deps.agents.get(step.delegateTo);
    return `${step.number} (${agent?.name ?? step.delegateTo})`;
  });
  return {
    name: delegateStepToolName,
    description: `Hand an approved plan step to the agent it is delegated to, and get that agent's result. Steps: ${described.join(", ")}.`,
    input: zodInput(z.strictObject({ step: z.literal([first, ...rest]) })),
    async execute({ step }) {
      const planStep = steps.find((candidate) => candidate.number === step);
      if (planStep === undefined || planStep.delegateTo === null) {
        return toolFailure("TOOL_INPUT_INVALID", `Step ${step} is not delegated in the approved plan.`);
      }
      const earlier = ctx.delegated.get(step);
      if (earlier !== undefined) {
        return toolFailure("TOOL_INPUT_INVALID", `Step ${step} was already handed over (run ${earlier}).`);
      }
      const agent = core.deps.agents.get(planStep.delegateTo);
      if (agent === undefined) {
        return toolFailure("TOOL_UNAVAILABLE", `The agent of step ${step} is no longer in the workspace.`);
      }
      const { run, finalText } = await core.runDelegatedStep(ctx, planStep);
      if (run.state === "completed") {
        return {
          ok: true,
          output: finalText.length > 0 ? finalText : `${agent.name} finished without a reply.`,
        };
      }
      const why = run.error === null ? "" : `: ${run.error.code} ${run.error.message}`;
      return toolFailure("TOOL_FAILED", `${agent.name}'s run for step ${step} ended ${run.state}${why}`);
    },
  };
}

import type { Agent, Plan } from "@multiclaw/protocol";
import { delegateStepToolName } from "./delegation-tool.ts";
import { proposePlanToolName } from "./plan-proposal.ts";

/*
 * What the engine tells the model beyond the conversation: who it is (the agent's own instructions first), and
 * in a task, the rules of planning or the plan the user approved.
 */

function identity(agent: Agent): string {
  const intro = `You are ${agent.name}, an agent of MultiClaw working on the user's own machine with the tools you are given.`;
  return agent.instructions.trim().length === 0 ? intro : `${agent.instructions.trim()}\n\n${intro}`;
}

export function chatPrompt(agent: Agent): string {
  return `${identity(agent)}\nAnswer the user directly; use tools when they help.`;
}

export function planningPrompt(agent: Agent, delegates: readonly Agent[]): string {
  const delegation =
    delegates.length === 0
      ? "No other agents are available: leave delegateTo null in every step."
      : [
          "You may hand a step to another agent of the workspace by setting its delegateTo to that agent's id:",
          ...delegates.map((other) => `- ${other.id}: ${other.name}${summary(other)}`),
          "Leave delegateTo null for the steps you do yourself.",
        ].join("\n");
  return [
    identity(agent),
    `The user gave you a task. Before anything is done, propose a plan: call ${proposePlanToolName} once with the steps in order, each with a short title and, where useful, detail. Nothing runs and no other tool can be used until the user approves the plan.`,
    delegation,
  ].join("\n\n");
}

export function executionPrompt(agent: Agent, plan: Plan, delegatedBy: Agent | null): string {
  const steps = plan.steps.map((step) => {
    const target = step.delegateTo === null ? "" : ` [delegated to ${step.delegateTo}]`;
    const detail =
      step.detail.trim().length === 0 ? "" : `\n   ${step.detail.trim().replaceAll("\n", "\n   ")}`;
    return `${step.number}. ${step.title}${target}${detail}`;
  });
  const origin =
    delegatedBy === null
      ? `The user approved this plan${plan.edited ? " (after editing it)" : ""}:`
      : `${delegatedBy.name} handed you this step of a plan the user approved:`;
  const delegation = plan.steps.some((step) => step.delegateTo !== null)
    ? `\n\nFor a step delegated to another agent, call ${delegateStepToolName} with its number when you reach it: that agent does the step and its result comes back to you.`
    : "";
  return `${identity(agent)}\n\n${origin}\n${steps.join("\n")}\n\nCarry it out in order.${delegation} When it is done, reply with a short report of the outcome.`;
}

function summary(agent: Agent): string {
  const firstLine = agent.instructions.trim().split("\n")[0]?.trim() ?? "";
  return firstLine.length === 0 ? "" : ` (${firstLine.slice(0, 160)})`;
}

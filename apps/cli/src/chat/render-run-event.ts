import type { Plan, RunEventBody, TokenUsage } from "@multiclaw/protocol";
import pc from "picocolors";

/*
 * How `multiclaw chat` shows a run in the terminal: the reply streams as it comes, tool calls and results are
 * one dim line each, plans are numbered lists. Pure functions from events to text, so they are tested as text.
 */

export interface Style {
  dim(text: string): string;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

export const plainStyle: Style = {
  dim: (t) => t,
  bold: (t) => t,
  red: (t) => t,
  green: (t) => t,
  yellow: (t) => t,
};
export const colourStyle: Style = {
  dim: pc.dim,
  bold: pc.bold,
  red: pc.red,
  green: pc.green,
  yellow: pc.yellow,
};

/** Tool input on one line, cut to a readable length. */
export function summariseInput(input: unknown, max = 120): string {
  const text = typeof input === "string" ? input : JSON.stringify(input);
  if (text === undefined) return "";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function renderPlan(plan: Plan, style: Style): string {
  const lines = plan.steps.map((step) => {
    const delegated = step.delegateTo ? style.dim(` → delegated to ${step.delegateTo}`) : "";
    const detail = step.detail ? `\n     ${style.dim(step.detail.replaceAll("\n", "\n     "))}` : "";
    return `  ${String(step.number).padStart(2)}. ${step.title}${delegated}${detail}`;
  });
  return [style.bold("Proposed plan:"), ...lines].join("\n");
}

export function renderUsage(usage: TokenUsage, style: Style): string {
  return style.dim(`tokens: ${usage.inputTokens} in, ${usage.outputTokens} out (${usage.totalTokens} total)`);
}

/** How to pick the conversation up again: `multiclaw chat <agent> --conversation <id> "…"`. */
export function renderContinueHint(conversationId: string, style: Style): string {
  return style.dim(`conversation ${conversationId} (continue it with --conversation ${conversationId})`);
}

/**
 * The text to write for one event; `null` for events shown another way (prompts) or not at all. Text deltas
 * come without a newline so the reply streams; every other line ends with one.
 */
export function renderRunEvent(event: RunEventBody, style: Style): string | null {
  switch (event.type) {
    case "text-delta":
      return event.delta;
    case "tool-call":
      return `\n${style.dim(`⚙ ${event.tool} ${summariseInput(event.input)}`)}\n`;
    case "tool-result": {
      if (event.ok) {
        return `${style.dim(`  ✓ ${event.tool}: ${summariseInput(event.output.split("\n")[0] ?? "", 100)}`)}\n`;
      }
      const error = event.error ? `${event.error.code}: ${event.error.message}` : "failed";
      return `${style.red(`  ✗ ${event.tool}: ${error}`)}\n`;
    }
    case "plan-decided":
      return `${style.dim(`plan ${event.plan.status}${event.plan.edited ? " (edited)" : ""}`)}\n`;
    case "approval-decided":
      if (event.expired) return `${style.yellow("  denied: nobody decided in time")}\n`;
      return `${style.dim(`  ${event.decision === "approve" ? "approved" : "denied"}${event.scope && event.scope !== "call" ? ` (${event.scope})` : ""}`)}\n`;
    case "delegation":
      return `${style.dim(
        event.state === "started"
          ? `↳ step ${event.step} delegated to ${event.agentId}`
          : `↳ step ${event.step} finished by ${event.agentId}`,
      )}\n`;
    case "run-state":
      if (event.state === "failed" && event.error) {
        return `\n${style.red(`✗ ${event.error.code}: ${event.error.message}`)}\n`;
      }
      if (event.state === "cancelled") return `\n${style.yellow("cancelled")}\n`;
      if (event.state === "rejected") return `\n${style.yellow("plan rejected")}\n`;
      if (event.state === "interrupted") return `\n${style.yellow("interrupted by a gateway restart")}\n`;
      return null;
    default:
      return null;
  }
}

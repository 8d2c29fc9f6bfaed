import type { RunState } from "@multiclaw/protocol";
import type { ReactNode } from "react";
import { Link } from "wouter";

const waitingReasons: Partial<Record<RunState, string>> = {
  planning: "The agent is drafting a plan. Stop it (Esc) to write again.",
  running: "The agent is answering. Stop it (Esc) to write again.",
  "awaiting-plan-approval": "Approve, edit or reject the plan above first (Ctrl/Cmd+Enter approves).",
  "awaiting-tool-approval": "Allow or deny the tool call above first.",
};

/** Why the composer cannot send now, or null when it can. */
export function composerBlockedReason({
  agentCount,
  loading,
  activeRunState,
}: {
  agentCount: number | null;
  loading: boolean;
  activeRunState: RunState | null;
}): ReactNode | null {
  if (agentCount === 0) {
    return (
      <>
        There is no agent to talk to yet.{" "}
        <Link href="/agents" className="text-indigo-700 underline dark:text-indigo-300">
          Create an agent
        </Link>{" "}
        to start chatting.
      </>
    );
  }
  if (loading) return "Loading the conversation…";
  if (activeRunState) return waitingReasons[activeRunState] ?? null;
  return null;
}

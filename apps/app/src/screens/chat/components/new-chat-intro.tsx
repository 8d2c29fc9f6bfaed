import type { AgentSummary } from "@multiclaw/protocol";
import { Link } from "wouter";
import { EmptyState } from "../../../ui/empty-state.tsx";
import { AgentPicker } from "./agent-picker.tsx";

/** A new chat before its first message: which agent it goes to, and what is missing if anything is. */
export function NewChatIntro({
  agents,
  agentId,
  onAgentChange,
}: {
  agents: readonly AgentSummary[] | undefined;
  agentId: string | null;
  onAgentChange(agentId: string): void;
}) {
  if (agents === undefined) return <div className="flex-1" />;
  if (agents.length === 0) {
    return (
      <div className="flex-1 overflow-y-auto">
        <EmptyState title="Create an agent to start">
          An agent is a model with instructions and tools.{" "}
          <Link href="/agents" className="text-indigo-700 underline dark:text-indigo-300">
            Go to Agents
          </Link>
        </EmptyState>
      </div>
    );
  }
  const chosen = agents.find((agent) => agent.id === agentId);
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-4 overflow-y-auto px-4 text-center">
      <h2 className="text-2xl font-semibold tracking-tight">What can I help with?</h2>
      <AgentPicker agents={agents} value={agentId ?? ""} onChange={onAgentChange} />
      {chosen && !chosen.keyConfigured ? (
        <p className="text-sm text-amber-800 dark:text-amber-300">
          {chosen.name} has no {chosen.provider} key yet.{" "}
          <Link href="/keys" className="underline">
            Add one in Keys
          </Link>
          .
        </p>
      ) : null}
    </div>
  );
}

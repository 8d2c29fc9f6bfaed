import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { EmptyState } from "../../../ui/empty-state.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { useAgentNames } from "../hooks/use-agent-names.ts";
import { type InboxEntry, inboxQuery } from "../queries/chat-queries.ts";
import { ApprovalCard } from "./approval-card.tsx";
import { PlanCard } from "./plan-card.tsx";

/** Every decision waiting across runs — plans to approve and tool calls to allow — with its conversation. */
export function ApprovalsInbox() {
  const inbox = useQuery(inboxQuery());
  const agentNameOf = useAgentNames();
  if (inbox.isPending) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>;
  if (inbox.isError) return <ErrorNotice error={inbox.error} />;
  if (inbox.data.length === 0) {
    return (
      <EmptyState title="Nothing waits for you">
        Plans and tool calls that need your decision show here.
      </EmptyState>
    );
  }
  return (
    <ul className="flex flex-col gap-4">
      {inbox.data.map((entry) => (
        <InboxItem key={entry.run.id} entry={entry} agentNameOf={agentNameOf} />
      ))}
    </ul>
  );
}

function InboxItem({ entry, agentNameOf }: { entry: InboxEntry; agentNameOf(agentId: string): string }) {
  return (
    <li className="flex flex-col gap-2">
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {agentNameOf(entry.run.agentId)} ·{" "}
        <Link
          href={`/chat/${entry.run.conversationId}`}
          className="text-indigo-700 underline dark:text-indigo-300"
        >
          open the conversation
        </Link>
      </p>
      {entry.plan ? <PlanCard plan={entry.plan} agentNameOf={agentNameOf} /> : null}
      {entry.approvals.map((approval) => (
        <ApprovalCard key={approval.id} approval={approval} />
      ))}
    </li>
  );
}

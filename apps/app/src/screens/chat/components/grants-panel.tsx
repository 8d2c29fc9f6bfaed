import type { ApprovalGrant } from "@multiclaw/protocol";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { gateway } from "../../../api/clients.ts";
import { Button } from "../../../ui/button.tsx";
import { EmptyState } from "../../../ui/empty-state.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { chatKeys, grantsQuery } from "../queries/chat-queries.ts";
import { relativeTime } from "../state/relative-time.ts";

/** The agent's standing grants (and those of the run in view), each revocable at once. */
export function GrantsPanel({
  agentId,
  agentName,
  runId,
}: {
  agentId: string;
  agentName: string;
  runId?: string;
}) {
  const grants = useQuery(grantsQuery(agentId, runId));
  if (grants.isPending) return <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>;
  if (grants.isError) return <ErrorNotice error={grants.error} />;
  if (grants.data.length === 0) {
    return (
      <EmptyState title={`${agentName} asks every time`}>
        Choosing “Allow for this run” or “Always allow for this agent” on a tool call adds a grant here.
      </EmptyState>
    );
  }
  return (
    <ul className="flex flex-col divide-y divide-zinc-200 dark:divide-zinc-800">
      {grants.data.map((grant) => (
        <GrantItem key={`${grant.tool}:${grant.scope}:${grant.runId ?? ""}`} grant={grant} />
      ))}
    </ul>
  );
}

function GrantItem({ grant }: { grant: ApprovalGrant }) {
  const queryClient = useQueryClient();
  const revoke = useMutation({
    mutationFn: () =>
      gateway.revokeGrant({
        agentId: grant.agentId,
        tool: grant.tool,
        scope: grant.scope,
        runId: grant.runId,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...chatKeys.root, "grants"] }),
  });
  const now = Date.now();
  return (
    <li className="flex flex-col gap-1 py-3">
      <div className="flex items-center gap-2">
        <code className="min-w-0 flex-1 truncate font-mono text-sm font-medium">{grant.tool}</code>
        <Button variant="danger" busy={revoke.isPending} onClick={() => revoke.mutate()}>
          Revoke
        </Button>
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        {grant.scope === "tool-for-agent" ? "For this agent" : "For the current run"} · granted{" "}
        {relativeTime(grant.createdAt, now)} ·{" "}
        {grant.expiresAt ? `expires ${new Date(grant.expiresAt).toLocaleString()}` : "until revoked"}
      </p>
      <ErrorNotice error={revoke.error} />
    </li>
  );
}

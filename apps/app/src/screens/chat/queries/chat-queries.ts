import type { ApprovalRequest, Plan, Run } from "@multiclaw/protocol";
import { queryOptions } from "@tanstack/react-query";
import { gateway } from "../../../api/clients.ts";

/*
 * The chat screen's server state, in TanStack Query: agents, the conversation list, the current agent's
 * standing grants and the inbox of decisions waiting across runs. Run events invalidate these (see
 * use-chat-cache-sync.ts), so a list moves as soon as something changes rather than at the next poll.
 */

export const chatKeys = {
  root: ["chat"] as const,
  agents: () => [...chatKeys.root, "agents"] as const,
  conversations: () => [...chatKeys.root, "conversations"] as const,
  grants: (agentId: string, runId?: string) => [...chatKeys.root, "grants", agentId, runId ?? null] as const,
  inbox: () => [...chatKeys.root, "inbox"] as const,
};

/** Waiting decisions change as runs move; a poll finds those of runs this page does not follow. */
const INBOX_POLL_MS = 5_000;
/** The list changes when a run starts or ends here or elsewhere. */
const CONVERSATIONS_STALE_MS = 10_000;
const CONVERSATION_LIST_LIMIT = 200;

export const agentsQuery = () =>
  queryOptions({
    queryKey: chatKeys.agents(),
    queryFn: ({ signal }) => gateway.listAgents({ signal }).then((list) => list.agents),
    // The gateway learns of an agent created in the Agents screen (or by a teammate) through its config sync,
    // a moment after the Cloud answered: a local call, asked again on every visit, and every 2 s while the
    // list is still empty so the first agent appears here without a reload.
    staleTime: 0,
    refetchInterval: (query) => ((query.state.data?.length ?? 0) === 0 ? 2_000 : 30_000),
  });

export const conversationsQuery = () =>
  queryOptions({
    queryKey: chatKeys.conversations(),
    queryFn: ({ signal }) =>
      gateway
        .listConversations({ limit: CONVERSATION_LIST_LIMIT }, { signal })
        .then((list) => list.conversations),
    staleTime: CONVERSATIONS_STALE_MS,
  });

export const grantsQuery = (agentId: string, runId?: string) =>
  queryOptions({
    queryKey: chatKeys.grants(agentId, runId),
    queryFn: ({ signal }) =>
      gateway.listGrants(runId ? { agentId, runId } : { agentId }, { signal }).then((list) => list.grants),
  });

/** A run waiting on the user: its proposed plan, or the tool calls it asks to make. */
export interface InboxEntry {
  run: Run;
  plan: Plan | null;
  approvals: ApprovalRequest[];
}

export const inboxQuery = () =>
  queryOptions({
    queryKey: chatKeys.inbox(),
    queryFn: async ({ signal }): Promise<InboxEntry[]> => {
      const { runs } = await gateway.listRuns({ active: true, limit: 200 }, { signal });
      const waiting = runs.filter(
        (run) => run.state === "awaiting-plan-approval" || run.state === "awaiting-tool-approval",
      );
      const details = await Promise.all(waiting.map((run) => gateway.getRun(run.id, { signal })));
      return details
        .map((detail) => ({
          run: detail.run,
          plan: detail.plan?.status === "proposed" ? detail.plan : null,
          approvals: detail.pendingApprovals,
        }))
        .filter((entry) => entry.plan !== null || entry.approvals.length > 0);
    },
    refetchInterval: INBOX_POLL_MS,
  });

import type { CreateAgentRequest, UpdateAgentRequest } from "@multiclaw/protocol";
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { cloud, gateway } from "../../api/clients.ts";

/*
 * The workspace's agents at the Cloud (what they are), and the gateway's view of them (how their MCP servers run
 * on this machine right now, which only the gateway knows).
 */

export const agentsKey = (workspaceId: string) => ["cloud", "agents", workspaceId] as const;
/** The same key the Keys screen uses for this list, so both read one cache entry. */
const providerKeysKey = (workspaceId: string) => ["cloud", "provider-keys", workspaceId] as const;
const gatewayAgentsKey = ["gateway", "agents"] as const;
const mcpConnectionsKey = ["gateway", "agents", "mcp-connections"] as const;

const AGENTS_STALE_MS = 10_000;
/** MCP servers start, fail and restart on their own; their state is polled while the screen is open. */
const LIVE_POLL_MS = 4000;
/** The ledger keeps the newest connections; this many is enough to name the hosts each server reached lately. */
const LEDGER_ENTRIES = 1000;

export const agentsOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: agentsKey(workspaceId),
    queryFn: ({ signal }) => cloud.call("listAgents", { params: { workspaceId }, signal }),
    staleTime: AGENTS_STALE_MS,
  });

export const providerKeysOptions = (workspaceId: string) =>
  queryOptions({
    queryKey: providerKeysKey(workspaceId),
    queryFn: ({ signal }) => cloud.call("listProviderKeys", { params: { workspaceId }, signal }),
    staleTime: 30_000,
  });

export const gatewayAgentsOptions = () =>
  queryOptions({
    queryKey: gatewayAgentsKey,
    queryFn: ({ signal }) => gateway.listAgents({ signal }),
    refetchInterval: LIVE_POLL_MS,
  });

/** Per MCP server name, the hosts the gateway connected to for it (its `mcp:<name>` ledger row). */
export const mcpHostsOptions = () =>
  queryOptions({
    queryKey: mcpConnectionsKey,
    queryFn: ({ signal }) => gateway.connectionLog({ limit: LEDGER_ENTRIES }, { signal }),
    refetchInterval: LIVE_POLL_MS * 2,
    select: (log) => {
      const hosts = new Map<string, Set<string>>();
      for (const entry of log.entries) {
        if (!entry.rowId?.startsWith("mcp:") || entry.blockedReason !== null) continue;
        const name = entry.rowId.slice("mcp:".length);
        const seen = hosts.get(name) ?? new Set<string>();
        seen.add(`${entry.host}:${entry.port}`);
        hosts.set(name, seen);
      }
      return hosts;
    },
  });

function useInvalidateAgents(workspaceId: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: agentsKey(workspaceId) }),
      queryClient.invalidateQueries({ queryKey: gatewayAgentsKey }),
    ]);
}

export function useCreateAgent(workspaceId: string) {
  const invalidate = useInvalidateAgents(workspaceId);
  return useMutation({
    // The key is the draft's: a retry of the same draft (a lost answer, a second click) creates one agent.
    mutationFn: ({ body, idempotencyKey }: { body: CreateAgentRequest; idempotencyKey: string }) =>
      cloud.call("createAgent", { params: { workspaceId }, body, idempotencyKey }),
    onSettled: invalidate,
  });
}

export function useUpdateAgent(workspaceId: string) {
  const invalidate = useInvalidateAgents(workspaceId);
  return useMutation({
    mutationFn: ({ agentId, body }: { agentId: string; body: UpdateAgentRequest }) =>
      cloud.call("updateAgent", { params: { workspaceId, agentId }, body }),
    onSettled: invalidate,
  });
}

export function useDeleteAgent(workspaceId: string) {
  const invalidate = useInvalidateAgents(workspaceId);
  return useMutation({
    mutationFn: (agentId: string) => cloud.call("deleteAgent", { params: { workspaceId, agentId } }),
    onSettled: invalidate,
  });
}

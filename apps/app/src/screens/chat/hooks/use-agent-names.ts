import { useQuery } from "@tanstack/react-query";
import { useCallback } from "react";
import { agentsQuery } from "../queries/chat-queries.ts";

/** An agent's name for its id; the id itself for an agent this gateway does not run (any more). */
export function useAgentNames(): (agentId: string) => string {
  const agents = useQuery(agentsQuery());
  const list = agents.data;
  return useCallback(
    (agentId: string) => list?.find((agent) => agent.id === agentId)?.name ?? agentId,
    [list],
  );
}

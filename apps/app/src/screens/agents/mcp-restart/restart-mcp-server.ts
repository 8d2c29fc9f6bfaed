import { useMutation, useQueryClient } from "@tanstack/react-query";
import { gateway } from "../../../api/clients.ts";
import { gatewayAgentsOptions } from "../agents-queries.ts";
import { withServerStatus } from "./with-server-status.ts";

/** Stops and starts one MCP server of an agent on this gateway; answers its status once it is up or failed. */
export function useRestartMcpServer() {
  const queryClient = useQueryClient();
  const { queryKey } = gatewayAgentsOptions();
  return useMutation({
    mutationFn: ({ agentId, name }: { agentId: string; name: string }) =>
      gateway.restartMcpServer(agentId, name),
    onSuccess: (status, { agentId }) => {
      queryClient.setQueryData(queryKey, (list) => withServerStatus(list, agentId, status));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey }),
  });
}

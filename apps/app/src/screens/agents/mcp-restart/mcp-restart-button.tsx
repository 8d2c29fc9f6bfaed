import type { McpServerState, McpServerStatus } from "@multiclaw/protocol";
import { RotateCw } from "lucide-react";
import { useSearchParams } from "wouter";
import { Button } from "../../../ui/button.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { useRestartMcpServer } from "./restart-mcp-server.ts";

/** How a restart ended, in words; a new state fails the type check until it has some. */
const afterRestart: Record<McpServerState, string> = {
  running: "Restarted and running",
  starting: "Restarted, still starting",
  restarting: "Restarted, but it failed to start; it will try again",
  failed: "Restarted, but it failed",
  disabled: "It is off, so it was not started",
};

/**
 * Stops and starts one MCP server of the agent open in the editor (`?agent=`) on this gateway, and says how
 * it came back. A server that is off has nothing to restart. Peers fail silently here; this says what happened.
 */
export function McpRestartButton({ name, live }: { name: string; live: McpServerStatus }) {
  const [params] = useSearchParams();
  const agentId = params.get("agent");
  const restart = useRestartMcpServer();
  if (!agentId || live.state === "disabled") return null;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        variant="secondary"
        busy={restart.isPending}
        onClick={() => restart.mutate({ agentId, name })}
        aria-label={`Restart the MCP server ${name}`}
      >
        <RotateCw aria-hidden className="size-4" />
        {restart.isPending ? "Restarting…" : "Restart"}
      </Button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-400">
        {restart.isSuccess ? afterRestart[restart.data.state] : ""}
        {restart.isSuccess && restart.data.reason ? `: ${restart.data.reason}` : ""}
      </span>
      <ErrorNotice error={restart.error} />
    </div>
  );
}

import type { McpServerConfig, McpServerState, McpServerStatus } from "@multiclaw/protocol";
import clsx from "clsx";
import { Trash2 } from "lucide-react";
import { useId } from "react";
import { Button } from "../../ui/button.tsx";
import { McpRestartButton } from "./mcp-restart/mcp-restart-button.tsx";

const stateLabels: Record<McpServerState, { label: string; tone: string }> = {
  running: { label: "Running", tone: "text-emerald-700 dark:text-emerald-400" },
  starting: { label: "Starting", tone: "text-amber-800 dark:text-amber-300" },
  restarting: { label: "Restarting", tone: "text-amber-800 dark:text-amber-300" },
  failed: { label: "Failed", tone: "text-red-700 dark:text-red-400" },
  disabled: { label: "Off", tone: "text-zinc-600 dark:text-zinc-400" },
};

/** What the server runs, without the values of its env or headers (they may be credentials). */
function describeLaunch(server: McpServerConfig): { what: string; names: string[]; field: string } {
  if ("command" in server) {
    return {
      what: [server.command, ...server.args].join(" "),
      names: Object.keys(server.env),
      field: "env",
    };
  }
  return { what: server.url, names: Object.keys(server.headers), field: "headers" };
}

function LiveState({
  live,
  hosts,
  local,
}: {
  live: McpServerStatus;
  hosts: readonly string[];
  local: boolean;
}) {
  const state = stateLabels[live.state];
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400">
      On this gateway: <span className={clsx("font-medium", state.tone)}>{state.label}</span>
      {live.state === "running" ? ` · ${live.toolCount} tool${live.toolCount === 1 ? "" : "s"}` : ""}
      {live.reason ? <span className="block text-red-700 dark:text-red-400">{live.reason}</span> : null}
      <span className="block">
        {local
          ? "A local process: its own connections do not pass through the gateway."
          : hosts.length > 0
            ? `Hosts contacted: ${hosts.join(", ")}`
            : "No connections recorded yet."}
      </span>
    </p>
  );
}

/** One MCP server of the agent being edited: what it runs, how it runs here, on or off, and removing it. */
export function McpServerRow({
  name,
  server,
  live,
  hosts,
  readOnly,
  onToggle,
  onRemove,
}: {
  name: string;
  server: McpServerConfig;
  live: McpServerStatus | undefined;
  hosts: readonly string[];
  readOnly: boolean;
  onToggle: (enabled: boolean) => void;
  onRemove: () => void;
}) {
  const toggleId = useId();
  const launch = describeLaunch(server);
  const local = "command" in server;
  return (
    <li className="flex flex-col gap-1 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-sm font-medium">{name}</span>
        <span className="rounded bg-zinc-100 px-1.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
          {local ? "local" : "remote"}
        </span>
        <span className="flex-1" />
        <label htmlFor={toggleId} className="flex items-center gap-1.5 text-sm">
          <input
            id={toggleId}
            type="checkbox"
            checked={server.enabled}
            disabled={readOnly}
            onChange={(event) => onToggle(event.target.checked)}
            className="size-4 accent-indigo-600"
          />
          Enabled
        </label>
        <Button
          variant="ghost"
          disabled={readOnly}
          onClick={onRemove}
          aria-label={`Remove the MCP server ${name}`}
        >
          <Trash2 aria-hidden className="size-4" />
        </Button>
      </div>
      <p className="truncate font-mono text-xs text-zinc-700 dark:text-zinc-300" title={launch.what}>
        {launch.what}
      </p>
      {launch.names.length > 0 ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {launch.field}: {launch.names.join(", ")} (values hidden)
        </p>
      ) : null}
      {live ? <LiveState live={live} hosts={hosts} local={local} /> : null}
      {live ? <McpRestartButton name={name} live={live} /> : null}
    </li>
  );
}

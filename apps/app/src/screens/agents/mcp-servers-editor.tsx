import type { AgentSummary, McpServers } from "@multiclaw/protocol";
import { McpPasteBox } from "./mcp-paste-box.tsx";
import { McpServerRow } from "./mcp-server-row.tsx";

/** The agent's MCP servers in the draft: each with its live state here, on/off and remove; and adding by paste. */
export function McpServersEditor({
  servers,
  live,
  hostsByServer,
  readOnly,
  onChange,
}: {
  servers: McpServers;
  live: AgentSummary | undefined;
  hostsByServer: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  readOnly: boolean;
  onChange: (servers: McpServers) => void;
}) {
  const entries = Object.entries(servers);
  return (
    <fieldset className="flex flex-col gap-3">
      <legend className="text-sm font-medium">MCP servers</legend>
      {entries.length === 0 ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          None yet. MCP servers give the agent tools: files, git, a browser, your issue tracker…
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {entries.map(([name, server]) => (
            <McpServerRow
              key={name}
              name={name}
              server={server}
              live={live?.mcpServers.find((status) => status.name === name)}
              hosts={[...(hostsByServer?.get(name) ?? [])]}
              readOnly={readOnly}
              onToggle={(enabled) => onChange({ ...servers, [name]: { ...server, enabled } })}
              onRemove={() => onChange(Object.fromEntries(entries.filter(([other]) => other !== name)))}
            />
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <McpPasteBox
          current={servers}
          onAdd={(added) => onChange({ ...servers, ...added })}
          disabled={readOnly}
        />
      )}
    </fieldset>
  );
}

import type { AgentSummary } from "@multiclaw/protocol";

/** Which agent a new chat goes to; an agent without its provider's key says so. */
export function AgentPicker({
  agents,
  value,
  onChange,
}: {
  agents: readonly AgentSummary[];
  value: string;
  onChange(agentId: string): void;
}) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="font-medium">Agent</span>
      <select
        value={value}
        onChange={(event) => onChange(event.target.value)}
        className="max-w-64 rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
      >
        {agents.map((agent) => (
          <option key={agent.id} value={agent.id}>
            {agent.name} · {agent.model}
            {agent.keyConfigured ? "" : " (no key)"}
          </option>
        ))}
      </select>
    </label>
  );
}

import type { Agent, AgentSummary } from "@multiclaw/protocol";
import clsx from "clsx";
import { TriangleAlert } from "lucide-react";
import { Link } from "wouter";
import { providerNames } from "../../api/provider-names.ts";
import { describeMcpServers, describeToolPolicy } from "./agent-policy-summary.ts";

/** The workspace's agents, each a link to its editor, with what this gateway knows of how it runs. */
export function AgentList({
  agents,
  live,
  selectedId,
}: {
  agents: readonly Agent[];
  /** The gateway's view, by agent id; absent for agents of a workspace this gateway is not signed in to. */
  live: ReadonlyMap<string, AgentSummary>;
  selectedId: string | null;
}) {
  return (
    <ul aria-label="Agents" className="flex flex-col gap-2">
      {agents.map((agent) => {
        const summary = live.get(agent.id);
        const selected = agent.id === selectedId;
        return (
          <li key={agent.id}>
            <Link
              href={`/agents?agent=${agent.id}`}
              aria-current={selected ? "page" : undefined}
              className={clsx(
                "block rounded-lg border px-4 py-3",
                selected
                  ? "border-indigo-500 bg-indigo-50 dark:border-indigo-400 dark:bg-indigo-950"
                  : "border-zinc-200 hover:bg-zinc-50 dark:border-zinc-800 dark:hover:bg-zinc-900",
              )}
            >
              <span className="block truncate font-medium">{agent.name}</span>
              <span className="block truncate text-sm text-zinc-600 dark:text-zinc-400">
                {providerNames[agent.provider]} · {agent.model}
              </span>
              <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">
                {describeToolPolicy(agent.toolPolicy)} · {describeMcpServers(agent, summary)}
              </span>
              {summary && !summary.keyConfigured ? (
                <span className="mt-1 flex items-center gap-1 text-xs font-medium text-amber-800 dark:text-amber-300">
                  <TriangleAlert aria-hidden className="size-3.5" />
                  No {providerNames[agent.provider]} key: it cannot answer
                </span>
              ) : null}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

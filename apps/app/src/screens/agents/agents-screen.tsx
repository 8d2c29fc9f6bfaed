import type { Provider } from "@multiclaw/protocol";
import { useQuery } from "@tanstack/react-query";
import clsx from "clsx";
import { ArrowLeft, Plus } from "lucide-react";
import { Link, useLocation, useSearchParams } from "wouter";
import { useCurrentWorkspace } from "../../api/use-user-session.ts";
import { EmptyState } from "../../ui/empty-state.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { PageHeader } from "../../ui/page-header.tsx";
import { RequireUser, type UserContext } from "../../ui/require-user.tsx";
import { AgentEditor } from "./agent-editor.tsx";
import { AgentList } from "./agent-list.tsx";
import { agentChangeRefusal } from "./agent-permissions.ts";
import {
  agentsOptions,
  gatewayAgentsOptions,
  mcpHostsOptions,
  providerKeysOptions,
} from "./agents-queries.ts";

/** `?agent=<id>` or `?agent=new` names the agent open in the editor, so a reload or a link keeps the place. */
const NEW = "new";

function Agents({ workspace }: UserContext) {
  const { workspaceId } = workspace;
  const [params] = useSearchParams();
  const [, navigate] = useLocation();
  const agents = useQuery(agentsOptions(workspaceId));
  const live = useQuery(gatewayAgentsOptions());
  const hosts = useQuery(mcpHostsOptions());
  const keys = useQuery(providerKeysOptions(workspaceId));
  const refusal = agentChangeRefusal(workspace.role, workspace.name);
  const selected = params.get("agent");
  const liveById = new Map((live.data?.agents ?? []).map((agent) => [agent.id, agent]));
  const providersWithKeys = keys.data ? new Set<Provider>(keys.data.keys.map((key) => key.provider)) : null;
  const agent = agents.data?.agents.find((each) => each.id === selected) ?? null;
  const editing = selected === NEW ? !refusal : agent !== null;

  if (agents.isPending) {
    return (
      <p role="status" className="p-6 text-sm text-zinc-600 dark:text-zinc-400">
        Loading agents…
      </p>
    );
  }
  if (agents.isError) return <ErrorNotice error={agents.error} className="m-6" />;
  const list = agents.data.agents;
  return (
    <div className="grid min-h-0 flex-1 lg:grid-cols-[22rem_1fr]">
      {/* Each pane scrolls on its own, so each can take the focus: a read-only form has nothing else to focus. */}
      <section
        aria-label="All agents"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        className={clsx(
          "overflow-y-auto border-zinc-200 p-4 lg:border-r dark:border-zinc-800",
          editing && "hidden lg:block",
        )}
      >
        {refusal && !editing ? (
          <p className="mb-3 text-sm text-zinc-700 dark:text-zinc-300">{refusal}</p>
        ) : null}
        {list.length === 0 ? (
          <EmptyState title="No agents yet">
            {refusal
              ? "An owner or admin can create the first one."
              : "Create one: give it a name, a model and tools."}
          </EmptyState>
        ) : (
          <AgentList agents={list} live={liveById} selectedId={selected} />
        )}
      </section>
      <section
        aria-label={editing ? (agent?.name ?? "New agent") : "Agent details"}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        className={clsx("overflow-y-auto p-4 sm:p-6", !editing && "hidden lg:block")}
      >
        {editing ? (
          <>
            <Link
              href="/agents"
              className="mb-4 inline-flex items-center gap-1 text-sm font-medium underline lg:hidden"
            >
              <ArrowLeft aria-hidden className="size-4" />
              All agents
            </Link>
            <AgentEditor
              // A fresh form per agent (and per workspace): a draft never carries over to another.
              key={`${workspaceId}:${selected}`}
              workspaceId={workspaceId}
              agent={agent}
              live={agent ? liveById.get(agent.id) : undefined}
              hostsByServer={hosts.data}
              providersWithKeys={providersWithKeys}
              refusal={refusal}
              onSaved={(agentId) => navigate(`/agents?agent=${agentId}`, { replace: true })}
              onDeleted={() => navigate("/agents", { replace: true })}
            />
          </>
        ) : (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {selected && selected !== NEW ? "That agent no longer exists. " : ""}
            Choose an agent to see or change it.
          </p>
        )}
      </section>
    </div>
  );
}

function NewAgentLink() {
  return (
    <Link
      href={`/agents?agent=${NEW}`}
      className="inline-flex items-center gap-2 rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500"
    >
      <Plus aria-hidden className="size-4" />
      New agent
    </Link>
  );
}

/** The workspace's agents: list, create, edit and delete; each MCP server's state as this gateway runs it. */
export function AgentsScreen() {
  return (
    <div className="flex h-full flex-col">
      <PageHeader
        title="Agents"
        description="Each agent has instructions, a model, a tool policy and MCP servers. Every gateway of the workspace can run them."
        actions={<NewAgentAction />}
      />
      <RequireUser what="your workspace's agents">{(context) => <Agents {...context} />}</RequireUser>
    </div>
  );
}

/** Shown only to those who may create agents (the Cloud's rule); members read why in the list. */
function NewAgentAction() {
  const current = useCurrentWorkspace();
  if (!current || agentChangeRefusal(current.workspace.role, current.workspace.name)) return null;
  return <NewAgentLink />;
}

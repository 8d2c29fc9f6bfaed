import { isCloudError } from "@multiclaw/cloud-client";
import type { Agent, AgentSummary, Provider } from "@multiclaw/protocol";
import { Trash2 } from "lucide-react";
import { type FormEvent, useRef, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { ConfirmButton } from "../../ui/confirm-button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import {
  type AgentDraft,
  checkDraft,
  type DraftField,
  draftOf,
  emptyDraft,
  updateOf,
} from "./agent-draft.ts";
import { AgentFields } from "./agent-fields.tsx";
import { useCreateAgent, useDeleteAgent, useUpdateAgent } from "./agents-queries.ts";
import { McpServersEditor } from "./mcp-servers-editor.tsx";
import { ToolPolicyFields } from "./tool-policy-fields.tsx";

export interface AgentEditorProps {
  workspaceId: string;
  /** Null for a new agent. */
  agent: Agent | null;
  live: AgentSummary | undefined;
  hostsByServer: ReadonlyMap<string, ReadonlySet<string>> | undefined;
  providersWithKeys: ReadonlySet<Provider> | null;
  /** Why this person may not change agents; the form is then read-only. */
  refusal: string | null;
  onSaved: (agentId: string) => void;
  onDeleted: () => void;
}

/**
 * Creating or editing one agent. An edit is made against the version it started from: if a teammate saved in
 * between, the Cloud answers CONFLICT and the person chooses to load theirs (nothing is silently overwritten).
 */
export function AgentEditor(props: AgentEditorProps) {
  const { workspaceId, agent, refusal } = props;
  const [baseline, setBaseline] = useState<Agent | null>(agent);
  const [draft, setDraft] = useState<AgentDraft>(() =>
    agent ? draftOf(agent) : emptyDraft(firstKeyed(props.providersWithKeys)),
  );
  const [problems, setProblems] = useState<Partial<Record<DraftField, string>>>({});
  const [note, setNote] = useState<string | null>(null);
  // One key per new draft: a repeated submit of it creates one agent.
  const [idempotencyKey] = useState(() => crypto.randomUUID());
  const create = useCreateAgent(workspaceId);
  const update = useUpdateAgent(workspaceId);
  const remove = useDeleteAgent(workspaceId);
  const readOnly = refusal !== null;
  const failure = create.error ?? update.error;
  const conflict = isCloudError(update.error) && update.error.code === "CONFLICT";

  const form = useRef<HTMLFormElement>(null);

  const change = (next: Partial<AgentDraft>) => {
    setNote(null);
    setDraft((current) => ({ ...current, ...next }));
    // A field's problem goes once it is edited; the next save checks it again.
    setProblems((current) =>
      Object.fromEntries(Object.entries(current).filter(([field]) => !(field in next))),
    );
  };

  function save(event: FormEvent) {
    event.preventDefault();
    const check = checkDraft(draft);
    setProblems(check.ok ? {} : check.problems);
    if (!check.ok) {
      // The first problem may be scrolled out of view: take the person there once it is drawn.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    if (!baseline) {
      create.mutate(
        { body: check.request, idempotencyKey },
        { onSuccess: (created) => props.onSaved(created.id) },
      );
      return;
    }
    const body = updateOf(baseline, check.request);
    if (!body) {
      setNote("Nothing to save: no changes.");
      return;
    }
    update.mutate(
      { agentId: baseline.id, body },
      {
        onSuccess: (saved) => {
          setBaseline(saved);
          setDraft(draftOf(saved));
          setNote("Saved. The workspace's gateways pick up the change within seconds.");
        },
      },
    );
  }

  function loadLatest() {
    if (!agent) return;
    setBaseline(agent);
    setDraft(draftOf(agent));
    update.reset();
  }

  return (
    <form
      onSubmit={save}
      noValidate
      className="flex flex-col gap-5"
      aria-label={agent ? `Edit ${agent.name}` : "New agent"}
    >
      {refusal ? <p className="text-sm text-zinc-700 dark:text-zinc-300">{refusal}</p> : null}
      <fieldset disabled={readOnly} className="flex flex-col gap-4">
        <AgentFields
          draft={draft}
          problems={problems}
          providersWithKeys={props.providersWithKeys}
          onChange={change}
        />
        <ToolPolicyFields draft={draft} problems={problems} onChange={change} />
      </fieldset>
      {agent && !props.live ? (
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          This gateway is not running this agent yet: it runs the agents of the workspace it is signed in to,
          once synced. Live MCP server states show here when it does.
        </p>
      ) : null}
      <McpServersEditor
        servers={draft.mcpServers}
        live={props.live}
        hostsByServer={props.hostsByServer}
        readOnly={readOnly}
        onChange={(mcpServers) => change({ mcpServers })}
      />
      {problems.mcpServers ? (
        <p className="text-sm text-red-700 dark:text-red-400">{problems.mcpServers}</p>
      ) : null}
      {Object.keys(problems).length > 0 ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          Not saved: check the fields marked above.
        </p>
      ) : null}
      <ErrorNotice error={failure} />
      {conflict ? (
        <Button className="w-fit" onClick={loadLatest}>
          Discard my changes and load the latest version
        </Button>
      ) : null}
      {note ? (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {note}
        </p>
      ) : null}
      {readOnly ? null : (
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <Button type="submit" variant="primary" busy={create.isPending || update.isPending}>
            {agent ? "Save changes" : "Create agent"}
          </Button>
          <span className="flex-1" />
          {agent ? (
            <ConfirmButton
              label="Delete agent"
              confirmVariant="danger"
              icon={<Trash2 aria-hidden className="size-4" />}
              title={`Delete ${agent.name}?`}
              confirmLabel="Delete agent"
              onConfirm={async () => {
                await remove.mutateAsync(agent.id);
                props.onDeleted();
              }}
            >
              Every gateway of the workspace stops running it and its MCP servers. This cannot be undone.
            </ConfirmButton>
          ) : null}
        </div>
      )}
    </form>
  );
}

function firstKeyed(providersWithKeys: ReadonlySet<Provider> | null): Provider {
  return providersWithKeys?.values().next().value ?? "anthropic";
}

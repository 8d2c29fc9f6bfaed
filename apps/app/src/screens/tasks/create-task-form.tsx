import type { Agent, Instance } from "@multiclaw/protocol";
import { type FormEvent, useId, useRef, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { ErrorNotice } from "../../ui/error-notice.tsx";
import { TextField } from "../../ui/text-field.tsx";
import { ANY_INSTANCE_LABEL, instanceOptionLabel } from "./instance-labels.ts";
import { useCreateTask } from "./task-queries.ts";
import { newIdempotencyKey } from "./task-states.ts";

const TITLE_MAX = 200;

/**
 * A new task: its title (what the agent is asked to do) and, optionally, the agent to do it. The Cloud keeps
 * only coordination fields — there is no description to send; the work stays on the gateway that runs it.
 */
export function CreateTaskForm({
  workspaceId,
  agents,
  instances,
  onDone,
}: {
  workspaceId: string;
  agents: readonly Agent[];
  instances: readonly Instance[];
  onDone: () => void;
}) {
  const create = useCreateTask(workspaceId);
  const [title, setTitle] = useState("");
  const [agentId, setAgentId] = useState("");
  const [instanceId, setInstanceId] = useState("");
  // One key per task being created: pressing Create again after a lost answer repeats the first create
  // instead of making a second task. Another title or agent is another task, with a key of its own.
  const attempt = useRef<{ fingerprint: string; key: string } | null>(null);
  const agentSelectId = useId();
  const instanceSelectId = useId();
  const trimmed = title.trim();

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!trimmed) return;
    const fingerprint = JSON.stringify([trimmed, agentId, instanceId]);
    if (attempt.current?.fingerprint !== fingerprint) {
      attempt.current = { fingerprint, key: newIdempotencyKey("create") };
    }
    create.mutate(
      {
        title: trimmed,
        agentId: agentId || null,
        instanceId: (agentId && instanceId) || null,
        idempotencyKey: attempt.current.key,
      },
      {
        onSuccess: () => {
          attempt.current = null;
          setTitle("");
          setAgentId("");
          setInstanceId("");
          onDone();
        },
      },
    );
  }

  return (
    <form
      onSubmit={submit}
      aria-label="New task"
      className="flex flex-col gap-3 border-b border-zinc-200 bg-zinc-50 px-4 py-4 sm:px-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <TextField
        label="Title"
        value={title}
        required
        maxLength={TITLE_MAX}
        autoFocus
        placeholder="Summarise yesterday's support tickets"
        hint="The agent gets the title as its request. The Cloud stores only the title and state; the work stays on the gateway that runs it."
        onChange={(event) => setTitle(event.target.value)}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor={agentSelectId} className="text-sm font-medium">
          Agent
        </label>
        <select
          id={agentSelectId}
          value={agentId}
          onChange={(event) => setAgentId(event.target.value)}
          className="max-w-sm rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-800"
        >
          <option value="">Nobody yet — assign later</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={instanceSelectId} className="text-sm font-medium">
          Gateway
        </label>
        <select
          id={instanceSelectId}
          value={agentId ? instanceId : ""}
          disabled={!agentId}
          onChange={(event) => setInstanceId(event.target.value)}
          className="max-w-sm rounded-md border border-zinc-300 bg-white px-2 py-1.5 text-sm disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-800"
        >
          <option value="">{ANY_INSTANCE_LABEL}</option>
          {instances.map((instance) => (
            <option key={instance.id} value={instance.id}>
              {instanceOptionLabel(instance)}
            </option>
          ))}
        </select>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">
          {agentId
            ? "Pick a machine to run it on a teammate's gateway or a cloud desktop; only that gateway takes it."
            : "Choose an agent first; the gateway runs the task for it."}
        </p>
      </div>
      <ErrorNotice error={create.error} />
      <div className="flex gap-2">
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!trimmed}>
          Create task
        </Button>
        <Button onClick={onDone}>Close</Button>
      </div>
    </form>
  );
}

import type { ApprovalRequest, ApprovalScope } from "@multiclaw/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ShieldQuestion } from "lucide-react";
import { useId, useState } from "react";
import { gateway } from "../../../api/clients.ts";
import { Button } from "../../../ui/button.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { chatKeys } from "../queries/chat-queries.ts";
import { grantLifetimes, reasonLabels, scopeLabels, scopesFor } from "../state/approval-choices.ts";
import { relativeTime } from "../state/relative-time.ts";
import { ApprovalConnections } from "./approval-connections.tsx";
import { ApprovalTimeLeft } from "./approval-time-left.tsx";
import { PrettyJson } from "./pretty-json.tsx";

/**
 * A tool call paused for the person: the tool, its full arguments, the connection rows and hosts it may open,
 * how long it still waits before it is denied as expired, why it asks, and the runtime's choices
 * (this call / this tool for this run / this tool for this agent, the last with how long it lasts) or deny
 * with a reason. The card leaves when the run's `approval-decided` event arrives, here or in another window.
 */
export function ApprovalCard({ approval }: { approval: ApprovalRequest }) {
  const id = useId();
  const [lifetime, setLifetime] = useState(0);
  const [denying, setDenying] = useState(false);
  const [reason, setReason] = useState("");
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (decision: Parameters<typeof gateway.decideApproval>[1]) =>
      gateway.decideApproval(approval.id, decision),
    // The inbox lists what waits; this no longer does (the run's own events update the transcript).
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.inbox() }),
  });
  const approve = (scope: ApprovalScope) => {
    const seconds = grantLifetimes[lifetime]?.seconds ?? null;
    decide.mutate(
      scope === "tool-for-agent" && seconds !== null
        ? { decision: "approve", scope, expiresInSeconds: seconds }
        : { decision: "approve", scope },
    );
  };
  const scopes = scopesFor(approval.reason);
  return (
    <section
      aria-labelledby={`${id}-title`}
      className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40"
    >
      <header className="flex flex-wrap items-center gap-2">
        <ShieldQuestion aria-hidden className="size-5 text-amber-700 dark:text-amber-300" />
        <h2 id={`${id}-title`} className="text-sm font-semibold">
          Allow <code className="font-mono">{approval.tool}</code>?
        </h2>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">
          asked {relativeTime(approval.createdAt, Date.now())} ·{" "}
          <ApprovalTimeLeft expiresAt={approval.expiresAt} />
        </span>
      </header>
      <p className="text-xs text-zinc-700 dark:text-zinc-300">{reasonLabels[approval.reason]}</p>
      <PrettyJson value={approval.input} label={`Arguments of ${approval.tool}`} />
      <ApprovalConnections connections={approval.connections} labelId={`${id}-connections`} />
      <div className="flex flex-wrap items-center gap-2">
        {scopes.map((scope) => (
          <Button
            key={scope}
            variant={scope === "call" ? "primary" : "secondary"}
            busy={
              decide.isPending && decide.variables?.decision === "approve" && decide.variables.scope === scope
            }
            disabled={decide.isPending}
            onClick={() => approve(scope)}
          >
            {scopeLabels[scope]}
          </Button>
        ))}
        {scopes.includes("tool-for-agent") ? (
          <label className="flex items-center gap-1 text-xs text-zinc-700 dark:text-zinc-300">
            <span>Agent-wide grant lasts</span>
            <select
              value={lifetime}
              onChange={(event) => setLifetime(Number(event.target.value))}
              className="rounded-md border border-zinc-300 bg-white px-1 py-1 text-xs dark:border-zinc-700 dark:bg-zinc-900"
            >
              {grantLifetimes.map((choice, index) => (
                <option key={choice.label} value={index}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <Button variant="danger" disabled={decide.isPending} onClick={() => setDenying(true)}>
          Deny…
        </Button>
      </div>
      {denying ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            decide.mutate(reason.trim() ? { decision: "deny", reason: reason.trim() } : { decision: "deny" });
          }}
        >
          <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-medium">
            Why (the agent is told; optional)
            <input
              // The person just chose to deny: the reason is what they type next.
              // biome-ignore lint/a11y/noAutofocus: see above
              autoFocus
              value={reason}
              maxLength={2000}
              onChange={(event) => setReason(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Escape") {
                  event.preventDefault();
                  setDenying(false);
                }
              }}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900"
            />
          </label>
          <Button
            type="submit"
            variant="danger"
            busy={decide.isPending && decide.variables?.decision === "deny"}
          >
            Deny
          </Button>
          <Button variant="ghost" onClick={() => setDenying(false)}>
            Cancel
          </Button>
        </form>
      ) : null}
      <ErrorNotice error={decide.error} />
    </section>
  );
}

import type { Plan, PlanDecision, PlanStatus } from "@multiclaw/protocol";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ListChecks } from "lucide-react";
import { useId, useState } from "react";
import { gateway } from "../../../api/clients.ts";
import { Button } from "../../../ui/button.tsx";
import { ErrorNotice } from "../../../ui/error-notice.tsx";
import { chatKeys } from "../queries/chat-queries.ts";
import { type EditableStep, editableStepsOf, editDecisionOf } from "../state/plan-edit.ts";
import { PlanStepEditor } from "./plan-step-editor.tsx";

const statusLabels: Record<PlanStatus, string> = {
  proposed: "Waiting for your approval",
  approved: "Approved",
  rejected: "Rejected",
  superseded: "Replaced by a newer plan",
};

type Mode = "view" | "edit" | "reject";

/**
 * A run's plan: its steps (with any step handed to another agent), and while it waits, approve
 * (Ctrl/Cmd+Enter), edit the steps inline and approve the edited plan, or reject it with a reason.
 */
export function PlanCard({ plan, agentNameOf }: { plan: Plan; agentNameOf(agentId: string): string }) {
  const id = useId();
  const [mode, setMode] = useState<Mode>("view");
  const [steps, setSteps] = useState<EditableStep[]>([]);
  const [reason, setReason] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const decide = useMutation({
    mutationFn: (decision: PlanDecision) => gateway.decidePlan(plan.runId, decision),
    // The inbox lists what waits; this no longer does (the run's own events update the transcript).
    onSettled: () => queryClient.invalidateQueries({ queryKey: chatKeys.inbox() }),
    onSuccess: () => setMode("view"),
  });
  const waiting = plan.status === "proposed";
  const statusLabel = `${statusLabels[plan.status]}${plan.edited ? " (edited)" : ""}`;

  const approveEdited = () => {
    const result = editDecisionOf(steps);
    if ("problem" in result) setProblem(result.problem);
    else {
      setProblem(null);
      decide.mutate(result.decision);
    }
  };

  return (
    <section
      aria-labelledby={`${id}-title`}
      className="flex flex-col gap-3 rounded-lg border border-indigo-200 bg-indigo-50/60 p-4 dark:border-indigo-900 dark:bg-indigo-950/30"
    >
      <header className="flex flex-wrap items-center gap-2">
        <ListChecks aria-hidden className="size-5 text-indigo-700 dark:text-indigo-300" />
        <h2 id={`${id}-title`} className="text-sm font-semibold">
          {waiting ? "Proposed plan" : "Plan"}
        </h2>
        <span className="text-xs text-zinc-600 dark:text-zinc-400">{statusLabel}</span>
      </header>
      {mode === "edit" ? (
        // Ctrl/Cmd+Enter while editing approves the edited steps, not the proposed ones (the screen's shortcut).
        // biome-ignore lint/a11y/noStaticElementInteractions: the keys reach it from the fields inside
        <div
          onKeyDown={(event) => {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
              event.preventDefault();
              approveEdited();
            }
          }}
        >
          <PlanStepEditor steps={steps} onChange={setSteps} />
        </div>
      ) : (
        <ol className="flex list-decimal flex-col gap-2 pl-6 text-sm">
          {plan.steps.map((step) => (
            <li key={step.number}>
              <span className="font-medium">{step.title}</span>
              {step.delegateTo ? (
                <span className="text-xs text-zinc-600 dark:text-zinc-400">
                  {" "}
                  → handed to {agentNameOf(step.delegateTo)}
                </span>
              ) : null}
              {step.detail ? (
                <p className="text-xs whitespace-pre-wrap text-zinc-600 dark:text-zinc-400">{step.detail}</p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {waiting && mode === "view" ? (
        <div className="flex flex-wrap gap-2">
          <Button
            variant="primary"
            busy={decide.isPending}
            onClick={() => decide.mutate({ decision: "approve" })}
            aria-keyshortcuts="Control+Enter Meta+Enter"
          >
            Approve
          </Button>
          <Button
            disabled={decide.isPending}
            onClick={() => {
              setSteps(editableStepsOf(plan));
              setMode("edit");
            }}
          >
            Edit
          </Button>
          <Button variant="danger" disabled={decide.isPending} onClick={() => setMode("reject")}>
            Reject…
          </Button>
        </div>
      ) : null}
      {waiting && mode === "edit" ? (
        <div className="flex flex-wrap gap-2">
          <Button variant="primary" busy={decide.isPending} onClick={approveEdited}>
            Approve edited plan
          </Button>
          <Button variant="ghost" onClick={() => setMode("view")}>
            Cancel
          </Button>
        </div>
      ) : null}
      {waiting && mode === "reject" ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            decide.mutate(
              reason.trim() ? { decision: "reject", reason: reason.trim() } : { decision: "reject" },
            );
          }}
        >
          <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-medium">
            Why (optional)
            <input
              value={reason}
              maxLength={2000}
              onChange={(event) => setReason(event.target.value)}
              className="rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm font-normal dark:border-zinc-700 dark:bg-zinc-900"
            />
          </label>
          <Button type="submit" variant="danger" busy={decide.isPending}>
            Reject plan
          </Button>
          <Button variant="ghost" onClick={() => setMode("view")}>
            Cancel
          </Button>
        </form>
      ) : null}
      {problem ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      ) : null}
      <ErrorNotice error={decide.error} />
    </section>
  );
}

import type { RunState } from "@multiclaw/protocol";
import clsx from "clsx";
import { useSession } from "../hooks/session-context.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { describeUsage } from "../state/usage.ts";

const endLabels: Partial<Record<RunState, string>> = {
  completed: "Done",
  failed: "Failed",
  cancelled: "Stopped",
  rejected: "Plan rejected",
  interrupted: "Interrupted (the gateway restarted)",
};

/** The line under a finished run: how it ended, why if it failed, and the tokens the whole run used. */
export function RunEndNotice({ runId }: { runId: string }) {
  const session = useSession();
  const run = useSessionSlice(session, (s) => s.transcript.runs.get(runId)?.run);
  if (!run) return null;
  const failed = run.state === "failed" || run.state === "interrupted";
  return (
    <div
      className={clsx(
        "flex flex-wrap items-center gap-x-3 gap-y-1 border-t border-dashed border-zinc-200 pt-2 text-xs dark:border-zinc-800",
        failed ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400",
      )}
    >
      <span>{endLabels[run.state] ?? run.state}</span>
      {run.error ? (
        <span>
          {run.error.message} ({run.error.code})
        </span>
      ) : null}
      {run.usage.totalTokens > 0 ? (
        <span className="text-zinc-600 dark:text-zinc-400">Run: {describeUsage(run.usage)}</span>
      ) : null}
    </div>
  );
}

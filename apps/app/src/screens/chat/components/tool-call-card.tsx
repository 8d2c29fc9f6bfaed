import clsx from "clsx";
import { ChevronRight, Wrench } from "lucide-react";
import { useId, useState } from "react";
import { useSession } from "../hooks/session-context.ts";
import { useSessionSlice } from "../hooks/use-conversation-session.ts";
import { ToolCallSites } from "../links/tool-call-sites.tsx";
import {
  type ToolCallStatus,
  toolCallDuration,
  toolCallStatusLabels,
  toolCallStatusOf,
} from "../state/tool-call-status.ts";
import { ApprovalCard } from "./approval-card.tsx";
import { PrettyJson } from "./pretty-json.tsx";

const statusTones: Record<ToolCallStatus, string> = {
  requested: "text-zinc-600 dark:text-zinc-400",
  "awaiting-approval": "text-amber-700 dark:text-amber-300",
  running: "text-indigo-700 dark:text-indigo-300",
  done: "text-emerald-700 dark:text-emerald-400",
  failed: "text-red-700 dark:text-red-400",
  denied: "text-red-700 dark:text-red-400",
  expired: "text-red-700 dark:text-red-400",
  stopped: "text-zinc-600 dark:text-zinc-400",
};

/**
 * A tool call as a card: name, state and duration in one line, the sites it touched under it, input and output
 * behind it (collapsed by default); a call waiting for approval shows its approval in place.
 */
export function ToolCallCard({ toolCallId }: { toolCallId: string }) {
  const session = useSession();
  const id = useId();
  const [expanded, setExpanded] = useState(false);
  const call = useSessionSlice(session, (s) => s.transcript.toolCalls.get(toolCallId));
  const runState = useSessionSlice(session, (s) =>
    call?.runId ? (s.transcript.runs.get(call.runId)?.run.state ?? null) : null,
  );
  if (!call) return null;
  const status = toolCallStatusOf(call, runState);
  const duration = toolCallDuration(call);
  return (
    <div className="my-2 flex flex-col gap-2 rounded-lg border border-zinc-200 dark:border-zinc-800">
      <button
        type="button"
        aria-expanded={expanded}
        aria-controls={`${id}-body`}
        onClick={() => setExpanded((open) => !open)}
        className="flex w-full items-center gap-2 rounded-lg px-3 py-2 text-left text-sm hover:bg-zinc-50 dark:hover:bg-zinc-900"
      >
        <ChevronRight
          aria-hidden
          className={clsx("size-4 shrink-0 transition-transform", expanded && "rotate-90")}
        />
        <Wrench aria-hidden className="size-4 shrink-0 text-zinc-600 dark:text-zinc-400" />
        <code className="min-w-0 truncate font-mono font-medium">{call.tool}</code>
        <span className={clsx("ml-auto shrink-0 text-xs", statusTones[status])}>
          {toolCallStatusLabels[status]}
        </span>
        {duration ? (
          <span className="shrink-0 text-xs text-zinc-600 dark:text-zinc-400">{duration}</span>
        ) : null}
      </button>
      <ToolCallSites input={call.input} output={call.result?.output} />
      {expanded ? (
        <div id={`${id}-body`} className="flex flex-col gap-2 px-3 pb-3">
          <p className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">Input</p>
          <PrettyJson value={call.input ?? null} label={`Input of ${call.tool}`} />
          {call.result ? (
            <>
              <p className="text-xs font-semibold text-zinc-600 dark:text-zinc-400">
                {call.result.ok
                  ? "Output"
                  : `Error${call.result.error ? ` (${call.result.error.code})` : ""}`}
              </p>
              <PrettyJson value={call.result.output} label={`Output of ${call.tool}`} />
            </>
          ) : null}
        </div>
      ) : null}
      {status === "awaiting-approval" && call.approval ? (
        <div className="px-3 pb-3">
          <ApprovalCard approval={call.approval} />
        </div>
      ) : null}
    </div>
  );
}

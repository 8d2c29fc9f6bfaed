import type { UpdateCheckResult } from "@multiclaw/protocol";
import clsx from "clsx";
import { CircleCheck, Info, RefreshCw, ShieldAlert, Sparkles } from "lucide-react";
import { Link } from "wouter";
import { AvailableUpdateDetails } from "./available-update-details.tsx";
import { type SummaryTone, summariseUpdateCheck } from "./update-check-summary.ts";

const toneIcons: Record<SummaryTone, typeof Info> = {
  good: CircleCheck,
  news: Sparkles,
  warning: ShieldAlert,
  quiet: Info,
};

const toneColours: Record<SummaryTone, string> = {
  good: "text-emerald-600 dark:text-emerald-400",
  news: "text-indigo-600 dark:text-indigo-300",
  warning: "text-amber-600 dark:text-amber-400",
  quiet: "text-zinc-500 dark:text-zinc-400",
};

/** What the dialog says: still checking, the check's outcome, or why the check itself could not be asked for. */
export type UpdateCheckView =
  | { state: "checking" }
  | { state: "done"; result: UpdateCheckResult; installedVersion: string }
  | { state: "failed"; message: string };

/** The body of the update dialog, announced as it changes (a live region). */
export function UpdateCheckOutcome({ view, onNavigate }: { view: UpdateCheckView; onNavigate: () => void }) {
  if (view.state === "checking") {
    return (
      <p role="status" className="flex items-center gap-2 text-sm text-zinc-700 dark:text-zinc-300">
        <RefreshCw aria-hidden className="size-4 animate-spin" />
        Checking for updates…
      </p>
    );
  }
  const summary =
    view.state === "failed"
      ? {
          tone: "quiet" as const,
          headline: `Could not check: ${view.message}`,
          detail: null,
          blockedByUser: false,
        }
      : summariseUpdateCheck(view.result, view.installedVersion);
  const Icon = toneIcons[summary.tone];
  return (
    <div className="flex flex-col gap-3">
      <div role="status" className="flex gap-3">
        <Icon aria-hidden className={clsx("mt-0.5 size-5 shrink-0", toneColours[summary.tone])} />
        <div className="flex min-w-0 flex-col gap-1">
          <p className="font-medium">{summary.headline}</p>
          {summary.detail ? (
            <p className="text-sm break-words text-zinc-700 dark:text-zinc-300">{summary.detail}</p>
          ) : null}
          {summary.blockedByUser ? (
            <Link href="/connections" onClick={onNavigate} className="text-sm font-medium underline">
              Open Connections
            </Link>
          ) : null}
        </div>
      </div>
      {view.state === "done" && view.result.kind === "update-available" ? (
        <AvailableUpdateDetails update={view.result} />
      ) : null}
    </div>
  );
}

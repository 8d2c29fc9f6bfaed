import { useQuery } from "@tanstack/react-query";
import { ArrowUpCircle, RefreshCw } from "lucide-react";
import { useState } from "react";
import { describeError } from "../../api/describe-error.ts";
import { UpdateCheckOutcome, type UpdateCheckView } from "./update-check-outcome.tsx";
import { availableUpdate } from "./update-check-summary.ts";
import { UpdateDialog } from "./update-dialog.tsx";
import { updateStatusOptions, useCheckForUpdates } from "./update-queries.ts";

const itemClass =
  "flex w-full items-center gap-3 rounded-md px-2 py-2 text-left text-sm font-medium hover:bg-zinc-200 dark:hover:bg-zinc-800";

/**
 * The sidebar's foot: "MultiClaw 1.2.3 is available" when the gateway's last check (at launch, or asked for)
 * found a release, and "Check for updates". Either opens the update dialog; nothing else about updates is ever
 * shown unasked — a refused manifest, a blocked row or an unreachable server say so only after a manual check.
 */
export function UpdatesMenu() {
  const status = useQuery(updateStatusOptions()).data;
  const check = useCheckForUpdates();
  const [showing, setShowing] = useState<"offer" | "check" | null>(null);
  const offer = availableUpdate(status);
  const installedVersion = status?.installedVersion ?? "";

  let view: UpdateCheckView | null = null;
  if (showing === "offer" && offer) view = { state: "done", result: offer, installedVersion };
  if (showing === "check") {
    if (check.isError) view = { state: "failed", message: describeError(check.error) };
    else if (check.data && !check.isPending) view = { state: "done", result: check.data, installedVersion };
    else view = { state: "checking" };
  }
  const close = () => setShowing(null);

  return (
    <div className="mt-auto flex flex-col gap-1 border-t border-zinc-200 pt-2 dark:border-zinc-800">
      {offer ? (
        <button
          type="button"
          title={`MultiClaw ${offer.version} is available`}
          onClick={() => setShowing("offer")}
          className={`${itemClass} text-indigo-700 dark:text-indigo-300`}
        >
          <ArrowUpCircle aria-hidden className="size-5 shrink-0" />
          <span className="hidden md:inline">MultiClaw {offer.version} is available</span>
          <span className="sr-only md:hidden">MultiClaw {offer.version} is available</span>
        </button>
      ) : null}
      <button
        type="button"
        title="Check for updates"
        onClick={() => {
          setShowing("check");
          check.mutate();
        }}
        disabled={check.isPending}
        className={`${itemClass} text-zinc-700 disabled:opacity-60 dark:text-zinc-300`}
      >
        <RefreshCw aria-hidden className={`size-5 shrink-0 ${check.isPending ? "animate-spin" : ""}`} />
        <span className="hidden md:inline">Check for updates</span>
        <span className="sr-only md:hidden">Check for updates</span>
      </button>
      <UpdateDialog open={view !== null} onClose={close}>
        {view ? <UpdateCheckOutcome view={view} onNavigate={close} /> : null}
      </UpdateDialog>
    </div>
  );
}

import type { LiveTaskMode } from "./live-task-mode.ts";

/**
 * Says when the list is not live. Quiet while it is: a working feature needs no banner. The words for another
 * workspace explain why this one polls — the gateway on this computer relays something else.
 */
export function LiveUpdatesNotice({ mode }: { mode: LiveTaskMode }) {
  if (mode === "live" || mode === "connecting") return null;
  return (
    <p role="status" className="mx-4 mb-3 text-xs text-zinc-600 sm:mx-6 dark:text-zinc-400">
      {mode === "other-workspace"
        ? "This computer's gateway does not pass on this workspace's updates; this list refreshes every few seconds instead."
        : "Live updates are not flowing right now; this list refreshes every few seconds."}
    </p>
  );
}

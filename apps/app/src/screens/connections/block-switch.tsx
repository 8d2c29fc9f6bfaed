import clsx from "clsx";

/**
 * The allow/block switch of one inventory row. It is a switch (on = allowed) because blocking is a standing
 * setting a person flips back, not a one-off action.
 */
export function BlockSwitch({
  title,
  blocked,
  busy,
  describedBy,
  onChange,
}: {
  title: string;
  blocked: boolean;
  busy: boolean;
  describedBy: string;
  onChange: (blocked: boolean) => void;
}) {
  return (
    <button
      type="button"
      role="switch"
      aria-checked={!blocked}
      aria-label={`Allow ${title}`}
      aria-describedby={describedBy}
      aria-busy={busy || undefined}
      disabled={busy}
      onClick={() => onChange(!blocked)}
      className="group inline-flex items-center gap-2 rounded-md px-1 py-1 text-sm font-medium disabled:cursor-wait disabled:opacity-70"
    >
      <span
        aria-hidden
        className={clsx(
          "relative inline-flex h-5 w-9 shrink-0 items-center rounded-full transition-colors",
          blocked ? "bg-zinc-300 dark:bg-zinc-700" : "bg-emerald-600",
        )}
      >
        <span
          className={clsx(
            "inline-block size-4 rounded-full bg-white shadow transition-transform",
            blocked ? "translate-x-0.5" : "translate-x-[1.125rem]",
          )}
        />
      </span>
      <span className="w-14 text-left">{blocked ? "Blocked" : "Allowed"}</span>
    </button>
  );
}

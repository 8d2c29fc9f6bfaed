import clsx from "clsx";
import type { LucideIcon } from "lucide-react";

/** An icon button in the chat header that opens a side panel, with an optional count badge. */
export function HeaderPanelButton({
  label,
  icon: Icon,
  count,
  expanded,
  onClick,
}: {
  label: string;
  icon: LucideIcon;
  count?: number;
  expanded: boolean;
  onClick(): void;
}) {
  const name = count ? `${label} (${count} waiting)` : label;
  // The name comes from the content (not aria-label), so the visible count is part of it as read.
  return (
    <button
      type="button"
      title={name}
      aria-expanded={expanded}
      onClick={onClick}
      className={clsx(
        "relative rounded-md p-1.5 text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800",
        expanded && "bg-zinc-100 dark:bg-zinc-800",
      )}
    >
      <Icon aria-hidden className="size-5" />
      <span className="sr-only">{count ? `${label}, ` : label}</span>
      {count ? (
        <span className="absolute -top-0.5 -right-0.5 min-w-4 rounded-full bg-amber-700 px-1 text-center text-[10px] leading-4 font-semibold text-white">
          {count}
          <span className="sr-only"> waiting</span>
        </span>
      ) : null}
    </button>
  );
}

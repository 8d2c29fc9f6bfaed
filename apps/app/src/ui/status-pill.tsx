import clsx from "clsx";
import type { ReactNode } from "react";

/** The colours a state may take; each pairs a tint with text dark enough to read on it in both themes. */
export type PillTone = "good" | "busy" | "waiting" | "bad" | "quiet";

const tones: Record<PillTone, { pill: string; dot: string }> = {
  good: {
    pill: "bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-950 dark:text-emerald-300 dark:ring-emerald-400/30",
    dot: "bg-emerald-500",
  },
  busy: {
    pill: "bg-indigo-50 text-indigo-800 ring-indigo-600/20 dark:bg-indigo-950 dark:text-indigo-300 dark:ring-indigo-400/30",
    dot: "bg-indigo-500",
  },
  waiting: {
    pill: "bg-amber-50 text-amber-900 ring-amber-600/30 dark:bg-amber-950 dark:text-amber-300 dark:ring-amber-400/30",
    dot: "bg-amber-500",
  },
  bad: {
    pill: "bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-950 dark:text-red-300 dark:ring-red-400/30",
    dot: "bg-red-500",
  },
  quiet: {
    pill: "bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/20",
    dot: "bg-zinc-400",
  },
};

/** A state in words with a coloured dot; the words carry the meaning, the colour only helps the eye. */
export function StatusPill({ tone, children }: { tone: PillTone; children: ReactNode }) {
  return (
    <span
      className={clsx(
        "inline-flex shrink-0 items-center whitespace-nowrap gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset",
        tones[tone].pill,
      )}
    >
      <span aria-hidden className={clsx("size-1.5 rounded-full", tones[tone].dot)} />
      {children}
    </span>
  );
}

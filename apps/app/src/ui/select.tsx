import clsx from "clsx";
import type { SelectHTMLAttributes } from "react";

/**
 * The App's select, for a choice among a few known options. `compact` suits filter bars and table rows; a select
 * without a visible label (a role in a member row) needs `aria-label`. With a label, use SelectField.
 */
export function Select({
  density = "regular",
  className,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & { density?: "regular" | "compact" }) {
  return (
    <select
      className={clsx(
        "rounded-md border border-zinc-300 bg-white px-2 text-sm disabled:cursor-not-allowed disabled:opacity-70 dark:border-zinc-700 dark:bg-zinc-900",
        density === "compact" ? "py-1" : "py-1.5",
        className,
      )}
      {...select}
    />
  );
}

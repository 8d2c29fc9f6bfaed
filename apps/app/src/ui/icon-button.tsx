import clsx from "clsx";
import type { LucideIcon } from "lucide-react";
import type { ButtonHTMLAttributes } from "react";

/**
 * A quiet square button that shows only an icon. `label` is both its accessible name and its tooltip, so it can
 * never be left nameless; `children` is for what is read but not seen (a live "Copied"). `small` sits beside a
 * line of text (copy a code, close a dialog); `regular` sits in a toolbar.
 *
 * @example <IconButton label="Close" icon={X} onClick={close} />
 */
export function IconButton({
  label,
  icon: Icon,
  size = "small",
  type = "button",
  className,
  children,
  ...button
}: ButtonHTMLAttributes<HTMLButtonElement> & {
  label: string;
  icon: LucideIcon;
  size?: "small" | "regular";
}) {
  return (
    <button
      type={type}
      title={label}
      aria-label={label}
      className={clsx(
        "inline-flex shrink-0 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 disabled:cursor-not-allowed disabled:opacity-50 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100",
        size === "small" ? "size-7" : "size-8",
        className,
      )}
      {...button}
    >
      <Icon aria-hidden className={size === "small" ? "size-4" : "size-5"} />
      {children}
    </button>
  );
}

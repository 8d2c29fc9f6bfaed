import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";

/** How long the button says "Copied" before it offers to copy again. */
const CONFIRM_MS = 1_500;

/**
 * Copies text to the clipboard and says so, in its label and to assistive technology. `label` names what is
 * copied ("Copy code", "Copy message"); `getText` is read at click time so it can take the text as drawn.
 */
export function CopyButton({
  label,
  getText,
  className,
}: {
  label: string;
  getText: () => string;
  className?: string;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = window.setTimeout(() => setCopied(null), CONFIRM_MS);
    return () => window.clearTimeout(timer);
  }, [copied]);
  const Icon = copied === "yes" ? Check : Copy;
  const said = copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : label;
  return (
    <button
      type="button"
      title={said}
      aria-label={said}
      onClick={() => {
        navigator.clipboard.writeText(getText()).then(
          () => setCopied("yes"),
          () => setCopied("failed"),
        );
      }}
      className={`inline-flex size-7 items-center justify-center rounded-md text-zinc-600 hover:bg-zinc-200 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 ${className ?? ""}`}
    >
      <Icon aria-hidden className="size-4" />
      <span role="status" className="sr-only">
        {copied === "yes" ? "Copied" : ""}
      </span>
    </button>
  );
}

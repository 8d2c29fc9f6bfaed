import clsx from "clsx";
import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "./button.tsx";
import { IconButton } from "./icon-button.tsx";

/** How long the button says "Copied" (or that it could not) before it offers to copy again. */
const CONFIRM_MS = 2_000;

const failureNote = "Could not copy: select the text and copy it yourself.";

/**
 * Copies text to the clipboard and says so, in its label and to assistive technology. `label` names what is
 * copied ("Copy code", "Copy link"); `getText` is read at click time so it can take the text as drawn. An `icon`
 * sits quietly beside what it copies; a `button` is for when copying is the next step (a link shown only once).
 *
 * @example <CopyButton label="Copy link" appearance="button" getText={() => invitation.url} />
 */
export function CopyButton({
  label,
  getText,
  appearance = "icon",
  className,
}: {
  label: string;
  getText: () => string;
  appearance?: "icon" | "button";
  className?: string;
}) {
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    if (copied === null) return;
    const timer = window.setTimeout(() => setCopied(null), CONFIRM_MS);
    return () => window.clearTimeout(timer);
  }, [copied]);

  function copy() {
    // The clipboard can be refused (no permission, page not focused); the text stays selectable beside us.
    navigator.clipboard.writeText(getText()).then(
      () => setCopied("yes"),
      () => setCopied("failed"),
    );
  }

  const Icon = copied === "yes" ? Check : Copy;
  const announced = copied === "yes" ? "Copied" : copied === "failed" ? failureNote : "";

  if (appearance === "button") {
    return (
      <span className={clsx("inline-flex items-center gap-2", className)}>
        <Button variant="primary" onClick={copy}>
          <Icon aria-hidden className="size-4" />
          {copied === "yes" ? "Copied" : label}
        </Button>
        <span
          role="status"
          className={copied === "failed" ? "text-xs text-red-700 dark:text-red-400" : "sr-only"}
        >
          {announced}
        </span>
      </span>
    );
  }

  return (
    <IconButton
      label={copied === "yes" ? "Copied" : copied === "failed" ? "Copy failed" : label}
      icon={Icon}
      onClick={copy}
      className={className}
    >
      <span role="status" className="sr-only">
        {announced}
      </span>
    </IconButton>
  );
}

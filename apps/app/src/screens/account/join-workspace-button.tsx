import clsx from "clsx";
import { Plus } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Button } from "../../ui/button.tsx";
import { JoinWorkspaceForm } from "./join-workspace-form.tsx";

/** How long the line "You joined …" stays beside the button. */
const JOINED_NOTE_MS = 10_000;

/**
 * "Join a workspace": a modal dialog (the browser's own, so focus, Escape and the backdrop behave as people
 * expect) where an invitation link is pasted. Once joined it closes, and a line beside the button says so for a
 * while, to assistive technology too; the switcher shows the new workspace from then on.
 */
export function JoinWorkspaceButton({
  variant = "secondary",
  className,
}: {
  /** `ghost` for the sidebar, under the workspace switcher. */
  variant?: "secondary" | "ghost";
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  // A new form for every opening: nothing pasted before (a secret code) stays in the field.
  const [opening, setOpening] = useState(0);
  const [joined, setJoined] = useState<string | null>(null);
  useEffect(() => {
    if (joined === null) return;
    const timer = window.setTimeout(() => setJoined(null), JOINED_NOTE_MS);
    return () => window.clearTimeout(timer);
  }, [joined]);

  function open() {
    setJoined(null);
    dialog.current?.showModal();
  }

  return (
    <div className={clsx("flex flex-col gap-1", className)}>
      <Button
        variant={variant}
        onClick={open}
        className={clsx(variant === "ghost" && "justify-start px-2 text-zinc-600 dark:text-zinc-400")}
      >
        <Plus aria-hidden className="size-4" />
        Join a workspace
      </Button>
      <p
        role="status"
        className={clsx(
          "text-xs text-emerald-700 dark:text-emerald-400",
          variant === "ghost" && "px-2",
          !joined && "sr-only",
        )}
      >
        {joined ? `You joined ${joined}.` : ""}
      </p>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onClose={() => setOpening((count) => count + 1)}
        className="m-auto w-[min(32rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id={titleId} className="text-base font-semibold">
          Join a workspace
        </h2>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-300">
          Paste the invitation link a teammate sent you, or just its code.
        </p>
        <JoinWorkspaceForm
          key={opening}
          onCancel={() => dialog.current?.close()}
          onJoined={(workspace) => {
            setJoined(workspace.name);
            dialog.current?.close();
          }}
        />
      </dialog>
    </div>
  );
}

import { type ReactNode, useId, useRef, useState } from "react";
import { Button } from "./button.tsx";
import { ErrorNotice } from "./error-notice.tsx";

/**
 * A button that asks before it acts: a modal dialog (the browser's own, so focus, Escape and the backdrop behave
 * as people expect) names what will happen; the action runs from there, and its failure stays in the dialog.
 *
 * A calm trigger can still confirm with a red button (`confirmVariant="danger"`): in a list, one red button a row
 * shouts; in the dialog, red says what the click will do.
 *
 * @example
 * <ConfirmButton label="Remove" title="Remove the OpenAI key?" confirmLabel="Remove key" confirmVariant="danger"
 *   onConfirm={() => removeKey.mutateAsync("openai")}>Agents that use OpenAI stop until a key is set.</ConfirmButton>
 */
export function ConfirmButton({
  label,
  title,
  confirmLabel,
  onConfirm,
  children,
  disabled,
  variant = "secondary",
  confirmVariant = variant === "danger" ? "danger" : "primary",
  icon,
  ariaLabel,
}: {
  label: string;
  title: string;
  confirmLabel: string;
  /** Resolves when done (the dialog closes) or rejects (the dialog shows why and stays open). */
  onConfirm: () => Promise<unknown>;
  children?: ReactNode;
  disabled?: boolean;
  /** The trigger's look. */
  variant?: "secondary" | "danger" | "ghost";
  /** The confirming button's look: red for what cannot be undone; by default red only after a red trigger. */
  confirmVariant?: "primary" | "danger";
  icon?: ReactNode;
  /** When the visible label alone does not say what it acts on ("Remove" in a list of keys). */
  ariaLabel?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  function open() {
    setError(null);
    dialog.current?.showModal();
  }

  function close() {
    if (!busy) dialog.current?.close();
  }

  async function confirm() {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button variant={variant} onClick={open} disabled={disabled} aria-label={ariaLabel}>
        {icon}
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-labelledby={titleId}
        onCancel={(event) => {
          // Escape while the action runs would hide its outcome.
          if (busy) event.preventDefault();
        }}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-lg border border-zinc-200 bg-white p-5 text-zinc-900 shadow-xl backdrop:bg-black/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100"
      >
        <h2 id={titleId} className="text-base font-semibold">
          {title}
        </h2>
        {children ? <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-300">{children}</div> : null}
        <ErrorNotice error={error} className="mt-3" />
        <div className="mt-5 flex justify-end gap-2">
          {/* Cancel takes the focus first: Enter on a destructive dialog should not destroy. */}
          <Button onClick={close} disabled={busy} autoFocus>
            Cancel
          </Button>
          <Button variant={confirmVariant} busy={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}

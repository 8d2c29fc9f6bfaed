import clsx from "clsx";
import { type ReactNode, useId } from "react";

/** What a control needs to be tied to its field's label, hint, warning and error. */
export interface FieldControlProps {
  id: string;
  "aria-invalid": true | undefined;
  "aria-describedby": string | undefined;
}

/**
 * A label above one control (or beside it: `inline`, for filter bars) with an optional hint, warning and error
 * below, all tied to the control so a screen reader reads them with it. `children` draws the control from the ids
 * it is given; TextField, TextAreaField and SelectField are this with their control.
 *
 * @example
 * <Field label="Name" error={problems.name}>{(control) => <input {...control} />}</Field>
 */
export function Field({
  label,
  hint,
  warning,
  error,
  layout = "stacked",
  className,
  children,
}: {
  label: string;
  hint?: ReactNode;
  /** Something to know before going on (amber), as opposed to an error that stops a save (red). */
  warning?: ReactNode;
  error?: string | undefined;
  layout?: "stacked" | "inline";
  className?: string | undefined;
  children: (control: FieldControlProps) => ReactNode;
}) {
  const id = useId();
  const describedBy = [
    hint ? `${id}-hint` : null,
    warning ? `${id}-warning` : null,
    error ? `${id}-error` : null,
  ]
    .filter(Boolean)
    .join(" ");
  const labelled = (
    <>
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {children({
        id,
        "aria-invalid": error ? true : undefined,
        "aria-describedby": describedBy || undefined,
      })}
    </>
  );
  return (
    <div className={clsx("flex flex-col gap-1", className)}>
      {layout === "inline" ? <div className="flex items-center gap-2">{labelled}</div> : labelled}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-zinc-600 dark:text-zinc-400">
          {hint}
        </p>
      ) : null}
      {warning ? (
        <p id={`${id}-warning`} className="text-xs text-amber-800 dark:text-amber-300">
          {warning}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="text-xs text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}

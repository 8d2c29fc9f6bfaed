import clsx from "clsx";
import type { ReactNode, TextareaHTMLAttributes } from "react";
import { Field } from "./field.tsx";

/** A labelled multi-line input with an optional hint and error, wired for assistive technology (as TextField). */
export function TextAreaField({
  label,
  hint,
  error,
  className,
  inputClassName,
  ...textarea
}: TextareaHTMLAttributes<HTMLTextAreaElement> & {
  label: string;
  /** For the text area itself (`className` is the whole field's). */
  inputClassName?: string;
  hint?: ReactNode;
  error?: string | undefined;
}) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <textarea
          {...control}
          className={clsx(
            "rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900",
            inputClassName,
          )}
          {...textarea}
        />
      )}
    </Field>
  );
}

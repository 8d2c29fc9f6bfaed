import type { InputHTMLAttributes, ReactNode } from "react";
import { Field } from "./field.tsx";

/** A labelled input with an optional hint and error, wired for assistive technology. */
export function TextField({
  label,
  hint,
  error,
  className,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; hint?: ReactNode; error?: string | undefined }) {
  return (
    <Field label={label} hint={hint} error={error} className={className}>
      {(control) => (
        <input
          {...control}
          className="rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          {...input}
        />
      )}
    </Field>
  );
}

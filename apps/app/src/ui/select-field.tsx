import type { ReactNode, SelectHTMLAttributes } from "react";
import { Field } from "./field.tsx";
import { Select } from "./select.tsx";

/**
 * A labelled select with an optional hint, warning and error, wired for assistive technology (as TextField).
 * `inline` puts the label beside a compact select, for filter bars.
 *
 * @example
 * <SelectField label="Role" value={role} onChange={(event) => setRole(event.target.value)}>
 *   <option value="member">Member</option>
 * </SelectField>
 */
export function SelectField({
  label,
  hint,
  warning,
  error,
  layout = "stacked",
  className,
  selectClassName,
  ...select
}: SelectHTMLAttributes<HTMLSelectElement> & {
  label: string;
  hint?: ReactNode;
  warning?: ReactNode;
  error?: string | undefined;
  layout?: "stacked" | "inline";
  /** For the select itself (`className` is the whole field's). */
  selectClassName?: string;
}) {
  return (
    <Field label={label} hint={hint} warning={warning} error={error} layout={layout} className={className}>
      {(control) => (
        <Select
          {...control}
          density={layout === "inline" ? "compact" : "regular"}
          className={selectClassName}
          {...select}
        />
      )}
    </Field>
  );
}

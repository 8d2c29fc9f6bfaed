/** A value as indented JSON in a scrollable block; text as it is. */
export function PrettyJson({ value, label }: { value: unknown; label: string }) {
  const text = typeof value === "string" ? value : (JSON.stringify(value, null, 2) ?? "");
  return (
    <section
      aria-label={label}
      // Long arguments scroll, and keyboard users must reach them too (axe: scrollable-region-focusable).
      // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
      tabIndex={0}
      className="max-h-72 overflow-auto rounded-md border border-zinc-200 bg-zinc-50 p-2 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <pre className="text-xs break-all whitespace-pre-wrap">{text}</pre>
    </section>
  );
}

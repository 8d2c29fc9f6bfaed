import { describeError } from "../api/describe-error.ts";

/** An error as a person reads it: what went wrong, in the words of its stable code's message. */
export function ErrorNotice({ error, className }: { error: unknown; className?: string }) {
  if (!error) return null;
  return (
    <div
      role="alert"
      className={`rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-900 dark:bg-red-950 dark:text-red-200 ${className ?? ""}`}
    >
      {describeError(error)}
    </div>
  );
}

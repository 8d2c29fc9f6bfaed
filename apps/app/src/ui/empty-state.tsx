import type { ReactNode } from "react";

/** What an empty list says: what would be here, and the action that puts something here. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-2 px-6 py-16 text-center">
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="text-sm text-zinc-600 dark:text-zinc-400">{children}</div> : null}
    </div>
  );
}

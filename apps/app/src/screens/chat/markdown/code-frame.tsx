import type { ReactNode, Ref } from "react";
import { CopyButton } from "../../../ui/copy-button.tsx";

/**
 * A block of code in a message: a bar with its language and a copy button, then the code, which scrolls a long
 * line sideways. The button sits in the bar, not over the code, where it hid the end of the first line in a
 * narrow window. The rendered block and its plain stand-in (before the renderer is in) both draw this frame, so
 * swapping one for the other does not move the row.
 */
export function CodeFrame({
  language,
  getText,
  preRef,
  children,
}: {
  /** The fence's language ("ts", "python"), or "" when it names none. */
  language: string;
  /** The code as drawn, read when the button is pressed. */
  getText: () => string;
  preRef?: Ref<HTMLPreElement>;
  children: ReactNode;
}) {
  return (
    <div className="my-2 overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
      <div className="flex items-center justify-between border-zinc-200 border-b bg-zinc-50 py-0.5 pr-1 pl-3 text-xs text-zinc-600 dark:border-zinc-800 dark:bg-zinc-800/60 dark:text-zinc-400">
        <span>{language || "code"}</span>
        <CopyButton label="Copy code" getText={getText} />
      </div>
      <pre
        ref={preRef}
        // A long line scrolls sideways, by keyboard too: the block takes the focus (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
        tabIndex={0}
        className="overflow-x-auto bg-white p-3 text-[13px] dark:bg-zinc-900"
      >
        {children}
      </pre>
    </div>
  );
}

import { type ReactNode, useRef } from "react";
import { CopyButton } from "../../../ui/copy-button.tsx";

/** A fenced code block with a copy button; it copies the code as drawn, highlighting removed. */
export function CodeBlock({ children }: { children: ReactNode }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <div className="group relative my-2">
      <pre
        ref={pre}
        // A long line scrolls sideways, by keyboard too: the block takes the focus (axe: scrollable-region-focusable).
        // biome-ignore lint/a11y/noNoninteractiveTabindex: see above
        tabIndex={0}
        className="overflow-x-auto rounded-md border border-zinc-200 bg-white p-3 text-[13px] dark:border-zinc-800 dark:bg-zinc-900"
      >
        {children}
      </pre>
      <CopyButton
        label="Copy code"
        getText={() => pre.current?.textContent ?? ""}
        className="absolute top-1.5 right-1.5 bg-white/80 dark:bg-zinc-900/80"
      />
    </div>
  );
}

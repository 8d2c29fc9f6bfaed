import { Children, isValidElement, type ReactNode, useRef } from "react";
import { CodeFrame } from "./code-frame.tsx";

/** The language react-markdown put on the `<code>` inside the `<pre>` (`language-ts`), or "". */
function languageOf(children: ReactNode): string {
  for (const child of Children.toArray(children)) {
    if (!isValidElement<{ className?: unknown }>(child)) continue;
    const { className } = child.props;
    if (typeof className === "string") return /(?:^|\s)language-(\S+)/.exec(className)?.[1] ?? "";
  }
  return "";
}

/** A fenced code block with a copy button; it copies the code as drawn, highlighting removed. */
export function CodeBlock({ children }: { children: ReactNode }) {
  const pre = useRef<HTMLPreElement>(null);
  return (
    <CodeFrame language={languageOf(children)} getText={() => pre.current?.textContent ?? ""} preRef={pre}>
      {children}
    </CodeFrame>
  );
}

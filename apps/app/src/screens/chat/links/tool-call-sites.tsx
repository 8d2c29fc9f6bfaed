import { useMemo } from "react";
import { SiteFavicon } from "./site-favicon.tsx";
import { touchedDomains } from "./tool-call-domains.ts";

/** Enough to tell at a glance where a call went; a call that touched more is still fully shown in its body. */
const MAX_SITES_PER_CALL = 5;

/**
 * The sites a tool call touched (links in its input or output), each as its icon and host name, under the
 * call's one-line summary. Nothing when it touched none.
 */
export function ToolCallSites({ input, output }: { input: unknown; output: unknown }) {
  const domains = useMemo(() => touchedDomains([input, output], MAX_SITES_PER_CALL), [input, output]);
  if (domains.length === 0) return null;
  return (
    <ul
      aria-label="Sites this call touched"
      className="flex flex-wrap gap-x-3 gap-y-1 px-3 pb-2 text-xs text-zinc-600 dark:text-zinc-400"
    >
      {domains.map((domain) => (
        <li key={domain.host} title={domain.link} className="flex min-w-0 items-center gap-1.5">
          {domain.hasFaviconPath ? <SiteFavicon domain={domain.host} /> : null}
          <span className="truncate">{domain.host}</span>
        </li>
      ))}
    </ul>
  );
}

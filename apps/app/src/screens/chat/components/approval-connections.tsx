import type { ApprovalConnection } from "@multiclaw/protocol";
import { Globe } from "lucide-react";
import { contactedText, hostsText, localOnlyText } from "../state/approval-reach.ts";

/**
 * The connection rows an approval card's call may open, as the runtime computed them when it asked: each row
 * with its id (what Connections and `multiclaw connections block` name), the hosts it may contact and those
 * it contacted recently; a call that opens none says it is local. Requests stored before the runtime recorded
 * this show nothing.
 */
export function ApprovalConnections({
  connections,
  labelId,
}: {
  connections: readonly ApprovalConnection[] | undefined;
  labelId: string;
}) {
  if (connections === undefined) return null;
  if (connections.length === 0) {
    return <p className="text-xs text-zinc-700 dark:text-zinc-300">{localOnlyText}</p>;
  }
  return (
    <div className="flex flex-col gap-1">
      <p id={labelId} className="text-xs font-semibold text-zinc-700 dark:text-zinc-300">
        May connect through
      </p>
      <ul aria-labelledby={labelId} className="flex flex-col gap-1">
        {connections.map((connection) => {
          const contacted = contactedText(connection);
          return (
            <li key={connection.rowId} className="flex items-start gap-2 text-xs">
              <Globe aria-hidden className="mt-0.5 size-3.5 shrink-0 text-zinc-600 dark:text-zinc-400" />
              <span className="min-w-0 break-words">
                <span className="font-medium">{connection.title}</span>{" "}
                <code className="font-mono text-zinc-600 dark:text-zinc-400">{connection.rowId}</code>
                {" · "}
                {hostsText(connection)}
                {contacted ? <span className="text-zinc-600 dark:text-zinc-400"> · {contacted}</span> : null}
              </span>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

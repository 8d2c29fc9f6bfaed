import type { ConnectionCause } from "@multiclaw/protocol";
import { Link } from "wouter";
import { connectionCauseWords } from "./connection-cause-words.ts";

/**
 * What caused one ledger connection: a run links to its conversation, a feature reads by name (with the MCP
 * server or the Cloud route it was for). What no firewall can tell its user.
 */
export function LedgerCause({ cause }: { cause: ConnectionCause | null }) {
  const words = connectionCauseWords(cause);
  return (
    <span className="mt-0.5 block font-sans text-xs text-zinc-600 dark:text-zinc-400">
      <span className="sr-only">Caused by: </span>
      {words.kind === "run" && words.href !== null ? (
        <Link
          href={words.href}
          className="text-indigo-700 underline decoration-indigo-300 underline-offset-2 hover:text-indigo-600 dark:text-indigo-400"
        >
          {words.label}
        </Link>
      ) : (
        <span className={words.kind === "unknown" ? "italic" : undefined}>{words.label}</span>
      )}
      {words.kind === "feature" && words.detail !== null ? (
        <span className="font-mono"> · {words.detail}</span>
      ) : null}
    </span>
  );
}

import clsx from "clsx";
import { Link } from "wouter";
import { useUserSession } from "../api/use-user-session.ts";
import { useGatewayPoll } from "./gateway-status-query.ts";
import { type LinkLine, summariseLinks, type Tone } from "./link-status.ts";

const dotColours: Record<Tone, string> = {
  good: "bg-emerald-500",
  busy: "bg-amber-500 animate-pulse",
  bad: "bg-red-500",
  unknown: "bg-zinc-400",
};

function LinkState({ line }: { line: LinkLine }) {
  return (
    <span className="flex shrink-0 items-center gap-1.5" title={line.detail ?? undefined}>
      <span aria-hidden className={clsx("size-2 rounded-full", dotColours[line.tone])} />
      {line.label}
    </span>
  );
}

/**
 * One line along the bottom: the gateway's and the Cloud's link, what is affected right now, and who is signed
 * in. A live region, so a dropped link is announced; its text changes only when a state does.
 */
export function StatusBar() {
  const summary = summariseLinks(useGatewayPoll());
  const session = useUserSession();
  const email = session.data?.state === "signed-in" ? session.data.account.email : null;
  const affectedTone = summary.gateway.tone === "bad" || summary.cloud.tone === "bad";
  return (
    <div
      role="status"
      aria-label="Connection status"
      className="flex h-7 shrink-0 items-center gap-3 overflow-hidden whitespace-nowrap border-t border-zinc-200 bg-zinc-50 px-3 text-xs text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
    >
      <LinkState line={summary.gateway} />
      <LinkState line={summary.cloud} />
      <span
        className={clsx(
          "min-w-0 flex-1 truncate",
          affectedTone ? "text-red-700 dark:text-red-300" : "text-amber-800 dark:text-amber-300",
        )}
        title={summary.affected ?? undefined}
      >
        {summary.affected}
        {summary.fixOnAccount ? (
          <>
            {" — "}
            <Link href="/account" className="font-medium underline">
              Account
            </Link>
          </>
        ) : null}
      </span>
      {email ? (
        <span className="hidden shrink-0 sm:inline" title="Signed in to your Cloud as">
          {email}
        </span>
      ) : (
        <Link href="/account" className="hidden shrink-0 font-medium underline sm:inline">
          Sign in
        </Link>
      )}
    </div>
  );
}

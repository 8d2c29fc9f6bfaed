import clsx from "clsx";
import { useNow } from "../../../ui/use-now.ts";
import { expiresSoon, timeLeft } from "../state/approval-reach.ts";

/**
 * How long the call still waits before the runtime denies it (its own timer decides; this only counts down).
 * Requests stored before approvals expired wait until someone decides.
 */
export function ApprovalTimeLeft({ expiresAt }: { expiresAt: string | undefined }) {
  const now = useNow(1000);
  if (expiresAt === undefined) return <span>waits until you decide</span>;
  const soon = expiresSoon(expiresAt, now);
  return (
    <time
      dateTime={expiresAt}
      title={`Denied on its own at ${new Date(expiresAt).toLocaleTimeString()} if nobody decides`}
      className={clsx(soon && "font-semibold text-red-700 dark:text-red-400")}
    >
      {timeLeft(expiresAt, now)}
    </time>
  );
}

import type { Logger } from "pino";
import type { Clock } from "./clock.ts";
import type { Database } from "./db/connect.ts";

const HOUR = 3_600_000;

/** Deletes what can no longer be used: expired tokens and device codes, and idempotency keys older than a day. */
export async function sweepExpired(db: Database, now: Date): Promise<void> {
  const hourAgo = new Date(now.getTime() - HOUR);
  const dayAgo = new Date(now.getTime() - 24 * HOUR);
  await db.deleteFrom("access_tokens").where("expires_at", "<", hourAgo).execute();
  await db.deleteFrom("refresh_tokens").where("expires_at", "<", hourAgo).execute();
  await db.deleteFrom("device_codes").where("expires_at", "<", dayAgo).execute();
  await db.deleteFrom("idempotency_keys").where("created_at", "<", dayAgo).execute();
}

export function startMaintenance(deps: { db: Database; clock: Clock; logger: Logger; intervalMs?: number }) {
  const timer = setInterval(
    () => {
      sweepExpired(deps.db, deps.clock.now()).catch((error: unknown) => {
        deps.logger.warn({ err: error }, "maintenance sweep failed; will retry");
      });
    },
    deps.intervalMs ?? 10 * 60_000,
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

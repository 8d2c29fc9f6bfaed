import type { WorkspaceEvent } from "@multiclaw/protocol";
import type { Transaction } from "kysely";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase } from "../db/schema.ts";
import { recordIdempotentResult } from "../http/idempotency.ts";
import { appendEvent, type StoredEvent } from "./event-log.ts";
import type { Fanout, FanoutMessage } from "./fanout.ts";

export interface ChangeContext {
  tx: Transaction<CloudDatabase>;
  /** Records an event in this transaction; it is published once the transaction commits. */
  emit(workspaceId: string, event: WorkspaceEvent): Promise<void>;
  /** A control message (close connections…) published after commit. */
  afterCommit(message: FanoutMessage): void;
  now: Date;
}

export type RunChange = <T>(work: (change: ChangeContext) => Promise<T>) => Promise<T>;

/**
 * Every write that others must hear about goes through here: one transaction for the change and its events,
 * then the events go out. If the process dies between commit and publish, the events are still stored and
 * reach clients through the gap fill on the next event or on reconnect.
 */
export function createChangeRunner(deps: {
  db: Database;
  fanout: Fanout;
  clock: Clock;
  logger: Logger;
}): RunChange {
  return async (work) => {
    const stored: StoredEvent[] = [];
    const controls: FanoutMessage[] = [];
    const now = deps.clock.now();
    const result = await deps.db.transaction().execute(async (tx) => {
      const value = await work({
        tx,
        now,
        emit: async (workspaceId, event) => {
          stored.push(await appendEvent(tx, workspaceId, event, now));
        },
        afterCommit: (message) => {
          controls.push(message);
        },
      });
      await recordIdempotentResult(tx, value);
      return value;
    });
    for (const message of [...stored.map((event) => ({ kind: "event" as const, ...event })), ...controls]) {
      // The change is committed; a fan-out failure must not turn it into an error for the caller.
      await deps.fanout.publish(message).catch((error: unknown) => {
        deps.logger.error(
          { err: error, kind: message.kind },
          "fan-out publish failed; clients catch up on reconnect",
        );
      });
    }
    return result;
  };
}

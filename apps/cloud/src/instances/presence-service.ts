import type { HeartbeatRequest, HeartbeatResponse, InstanceList } from "@multiclaw/protocol";
import type { Logger } from "pino";
import type { Clock } from "../clock.ts";
import type { Database } from "../db/connect.ts";
import { CloudError, notFound } from "../errors.ts";
import type { ChangeContext, RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { requireMembership } from "../workspaces/access.ts";
import { toInstanceDto } from "./instance-dto.ts";
import { revokeInstance } from "./instance-revoke.ts";
import { presenceCutoffs, sweepPresence } from "./presence-sweep.ts";

export interface PresenceServiceDeps {
  db: Database;
  runChange: RunChange;
  clock: Clock;
  /** The pace the server sets; presence degrades after 1.5 and 3 of these without a sign of life. */
  heartbeatIntervalMs: number;
  logger: Logger;
}

/**
 * Instance presence, kept in the `instances` row and announced as `instance-presence` events whenever it
 * changes. Signs of life are heartbeats and an open event stream; a sweeper degrades silent instances.
 */
export interface PresenceService {
  /** An instance reports in; only the instance itself may, and the answer sets the pace of the next one. */
  heartbeat(
    principal: Principal,
    workspaceId: string,
    instanceId: string,
    request: HeartbeatRequest,
  ): Promise<HeartbeatResponse>;
  /** The event hub welcomed an instance's stream: it is connected now. Never rejects; failures are logged. */
  markStreamConnected(instanceId: string, workspaceId: string): Promise<void>;
  /**
   * The stream ended. Presence is not lowered here — the instance may be reconnecting — but the moment is its
   * last sign of life, from which the sweeper counts. Never rejects; failures are logged.
   */
  markStreamDisconnected(instanceId: string, workspaceId: string): Promise<void>;
  /**
   * Refreshes instances whose event streams are open on this node, in one statement when all are connected.
   * The hub calls it at least once per heartbeat interval, so an open stream alone keeps an instance
   * connected. Never rejects; failures are logged.
   */
  touchConnected(instanceIds: readonly string[]): Promise<void>;
  /** Moves quiet instances to stale or offline and announces each move once; returns how many moved. */
  sweep(): Promise<number>;
  /** Sweeps every half interval until stop(). */
  start(): void;
  stop(): Promise<void>;
  /**
   * Every member sees every live (not revoked) instance of the workspace, with its presence as last recorded:
   * the sweeper keeps that within half an interval of the rules.
   */
  list(principal: Principal, workspaceId: string): Promise<InstanceList>;
  revoke(principal: Principal, workspaceId: string, instanceId: string): Promise<void>;
}

type Reconnected = { kind: "missing" } | { kind: "revoked" } | { kind: "connected" };

/**
 * The slow path of every sign of life: the instance was not `connected`, so lock it, mark it, and announce the
 * change in the same transaction. Under the lock a concurrent reconnect or sweep has either finished or not
 * started, so the event goes out only when this change really moved the presence.
 */
async function reconnect(
  change: ChangeContext,
  instanceId: string,
  workspaceId: string,
  configRevision: number | undefined,
): Promise<Reconnected> {
  const row = await change.tx
    .selectFrom("instances")
    .select(["user_id", "presence", "revoked_at"])
    .where("id", "=", instanceId)
    .where("workspace_id", "=", workspaceId)
    .forUpdate()
    .executeTakeFirst();
  if (!row) return { kind: "missing" };
  if (row.revoked_at !== null) return { kind: "revoked" };
  await change.tx
    .updateTable("instances")
    .set({
      presence: "connected",
      last_seen_at: change.now,
      ...(configRevision === undefined ? {} : { config_revision: configRevision }),
    })
    .where("id", "=", instanceId)
    .execute();
  if (row.presence !== "connected") {
    await change.emit(workspaceId, {
      name: "instance-presence",
      instanceId,
      userId: row.user_id,
      presence: "connected",
    });
  }
  return { kind: "connected" };
}

/**
 * @example
 * const presence = createPresenceService({ db, runChange, clock, heartbeatIntervalMs: 15_000, logger });
 * presence.start();
 */
export function createPresenceService(deps: PresenceServiceDeps): PresenceService {
  const { db, runChange, clock, heartbeatIntervalMs, logger } = deps;
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<void> | null = null;

  /** The common case, one statement and no event: an instance that is already connected is heard from again. */
  function refreshConnected(instanceIds: readonly string[], workspaceId: string | null) {
    let update = db
      .updateTable("instances")
      .set({ last_seen_at: clock.now() })
      .where("id", "in", instanceIds)
      .where("presence", "=", "connected")
      .where("revoked_at", "is", null);
    if (workspaceId !== null) update = update.where("workspace_id", "=", workspaceId);
    return update;
  }

  async function streamConnected(instanceId: string, workspaceId: string): Promise<void> {
    const refreshed = await refreshConnected([instanceId], workspaceId).returning("id").executeTakeFirst();
    if (refreshed) return;
    await runChange((change) => reconnect(change, instanceId, workspaceId, undefined));
  }

  async function refreshStreams(instanceIds: readonly string[]): Promise<void> {
    const refreshed = await refreshConnected(instanceIds, null).returning("id").execute();
    const seen = new Set(refreshed.map((row) => row.id));
    // Rare: a stream stayed open while its instance was marked stale (say the hub's refresh came late).
    for (const instanceId of instanceIds.filter((id) => !seen.has(id))) {
      const row = await db
        .selectFrom("instances")
        .select("workspace_id")
        .where("id", "=", instanceId)
        .executeTakeFirst();
      if (row) await runChange((change) => reconnect(change, instanceId, row.workspace_id, undefined));
    }
  }

  async function sweep(): Promise<number> {
    return runChange(async (change) => {
      const moved = await sweepPresence(change.tx, presenceCutoffs(change.now, heartbeatIntervalMs));
      // Events lock their workspace's row to number them; one order for all sweepers means no deadlock.
      moved.sort((a, b) =>
        a.workspaceId === b.workspaceId
          ? a.instanceId.localeCompare(b.instanceId)
          : a.workspaceId.localeCompare(b.workspaceId),
      );
      for (const { workspaceId, instanceId, userId, presence } of moved) {
        await change.emit(workspaceId, { name: "instance-presence", instanceId, userId, presence });
      }
      return moved.length;
    });
  }

  return {
    async heartbeat(principal, workspaceId, instanceId, request) {
      // Heartbeats are the instance's own: another instance, or the user's app session, may not send them.
      if (principal.instanceId !== instanceId) throw notFound("instance");
      const configRevision = request.configRevision;
      const fast = await db
        .updateTable("instances")
        .set({
          last_seen_at: clock.now(),
          ...(configRevision === undefined ? {} : { config_revision: configRevision }),
        })
        .where("id", "=", instanceId)
        .where("workspace_id", "=", workspaceId)
        .where("presence", "=", "connected")
        .where("revoked_at", "is", null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom("memberships")
              .select("user_id")
              .whereRef("memberships.workspace_id", "=", "instances.workspace_id")
              .whereRef("memberships.user_id", "=", "instances.user_id"),
          ),
        )
        .returning((eb) =>
          eb
            .selectFrom("workspaces")
            .select("config_revision")
            .whereRef("workspaces.id", "=", "instances.workspace_id")
            .as("workspace_revision"),
        )
        .executeTakeFirst();
      if (fast && fast.workspace_revision !== null) {
        return { presence: "connected", heartbeatIntervalMs, configRevision: fast.workspace_revision };
      }

      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId);
        const outcome = await reconnect(change, instanceId, workspaceId, configRevision);
        if (outcome.kind === "missing") throw notFound("instance");
        if (outcome.kind === "revoked") throw new CloudError("INSTANCE_REVOKED");
        const workspace = await change.tx
          .selectFrom("workspaces")
          .select("config_revision")
          .where("id", "=", workspaceId)
          .executeTakeFirstOrThrow();
        return { presence: "connected", heartbeatIntervalMs, configRevision: workspace.config_revision };
      });
    },

    async markStreamConnected(instanceId, workspaceId) {
      await streamConnected(instanceId, workspaceId).catch((error: unknown) => {
        logger.error({ err: error, instanceId }, "could not mark the instance connected; its heartbeat will");
      });
    },

    async markStreamDisconnected(instanceId, workspaceId) {
      await db
        .updateTable("instances")
        .set({ last_seen_at: clock.now() })
        .where("id", "=", instanceId)
        .where("workspace_id", "=", workspaceId)
        .where("revoked_at", "is", null)
        .execute()
        .catch((error: unknown) => {
          logger.error({ err: error, instanceId }, "could not record the end of the instance's event stream");
        });
    },

    async touchConnected(instanceIds) {
      if (instanceIds.length === 0) return;
      await refreshStreams(instanceIds).catch((error: unknown) => {
        logger.error(
          { err: error, instances: instanceIds.length },
          "could not refresh instances with open streams",
        );
      });
    },

    sweep,

    start() {
      if (timer !== null) return;
      timer = setInterval(
        () => {
          // A slow sweep is not stacked on by the next tick.
          if (sweeping !== null) return;
          sweeping = sweep()
            .then(() => undefined)
            .catch((error: unknown) => {
              logger.error({ err: error }, "presence sweep failed; the next one retries");
            })
            .finally(() => {
              sweeping = null;
            });
        },
        Math.max(1, Math.floor(heartbeatIntervalMs / 2)),
      );
      // Stopping is stop()'s job; a forgotten timer must not hold the process open on its own.
      timer.unref();
    },

    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await sweeping;
    },

    async list(principal, workspaceId) {
      await requireMembership(db, principal, workspaceId);
      const rows = await db
        .selectFrom("instances")
        .selectAll()
        .where("workspace_id", "=", workspaceId)
        .where("revoked_at", "is", null)
        .orderBy("created_at")
        .orderBy("id")
        .execute();
      return { instances: rows.map(toInstanceDto) };
    },

    async revoke(principal, workspaceId, instanceId) {
      await runChange((change) => revokeInstance(change, principal, workspaceId, instanceId));
    },
  };
}

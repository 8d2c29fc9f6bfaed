import { type HelloFrame, PROTOCOL_VERSION, type ResyncFrame, type WelcomeFrame } from "@multiclaw/protocol";
import type { Logger } from "pino";
import type { CloudConfig } from "../config.ts";
import type { Database } from "../db/connect.ts";
import type { Authenticator, Principal } from "../http/principal.ts";
import { requireMembership } from "../workspaces/access.ts";
import { type CloseReason, closeReasons, refusalFor } from "./close-reasons.ts";
import type { EventConnection } from "./event-connection.ts";
import type { EventDelivery } from "./event-delivery.ts";
import { readEventLogBounds } from "./event-retention.ts";
import type { RevocationMemory } from "./revocation-memory.ts";

export interface HandshakeDeps {
  db: Database;
  authenticator: Authenticator;
  logger: Logger;
  config: Pick<CloudConfig, "eventPingIntervalMs" | "heartbeatIntervalMs">;
  revocations: RevocationMemory;
  delivery: EventDelivery;
  close(connection: EventConnection, reason: CloseReason): void;
  /** Puts the connection in its workspace's channel (state `catching-up`). */
  join(connection: EventConnection): void;
  /** The connection is welcomed and bound to its workspace. */
  welcomed(connection: EventConnection): void;
}

/**
 * From `hello` to live: authenticate the token, check membership, join the workspace's channel, send
 * `welcome`, then replay what the client missed (or tell it to resync). The connection joins the channel
 * BEFORE the log is read, so an event published during the handshake is either in what is read or arrives
 * after it — never neither.
 */
export function createHandshake(
  deps: HandshakeDeps,
): (connection: EventConnection, hello: HelloFrame) => Promise<void> {
  return async (connection, hello) => {
    connection.state = "authorizing";
    let principal: Principal;
    try {
      principal = await deps.authenticator.authenticate(hello.token);
      if (isClosing(connection)) return;
      await requireMembership(deps.db, principal, hello.workspaceId);
    } catch (error) {
      if (isClosing(connection)) return;
      const refusal = refusalFor(error);
      if (refusal === closeReasons.internal) {
        deps.logger.error({ err: error }, "event connection handshake failed");
      }
      deps.close(connection, refusal);
      return;
    }
    if (isClosing(connection)) return;
    connection.workspaceId = hello.workspaceId;
    connection.userId = principal.userId;
    connection.familyId = principal.familyId;
    connection.instanceId = principal.instanceId;
    // A revocation published while the checks above ran found no connection to close: apply it here.
    const revoked = deps.revocations.revokedSince(connection.openedAt, [
      `member:${hello.workspaceId}:${principal.userId}`,
      `family:${principal.familyId}`,
      principal.instanceId === null ? null : `instance:${principal.instanceId}`,
    ]);
    if (revoked) {
      deps.close(connection, revoked);
      return;
    }
    deps.join(connection);
    const bounds = await readEventLogBounds(deps.db, hello.workspaceId).catch((error: unknown) => {
      deps.logger.error({ err: error }, "reading the event log failed");
      return undefined;
    });
    if (isClosing(connection)) return;
    if (bounds === undefined || bounds === null) {
      // null: the workspace was deleted since the membership check.
      deps.close(connection, bounds === null ? closeReasons.notAMember : closeReasons.internal);
      return;
    }
    const welcome: WelcomeFrame = {
      type: "welcome",
      protocol: PROTOCOL_VERSION,
      workspaceId: hello.workspaceId,
      seq: bounds.seq,
      pingIntervalMs: deps.config.eventPingIntervalMs,
      heartbeatIntervalMs: deps.config.heartbeatIntervalMs,
    };
    connection.socket.send(JSON.stringify(welcome));
    const lastSeq = hello.lastSeq;
    if (lastSeq !== undefined && lastSeq <= bounds.seq && lastSeq >= bounds.oldestRetainedSeq - 1) {
      connection.lastSeq = lastSeq;
    } else {
      // Further behind than the retained history (or ahead of the log: a restored database): start over.
      if (lastSeq !== undefined) {
        const resync: ResyncFrame = {
          type: "resync",
          workspaceId: hello.workspaceId,
          seq: bounds.seq,
          oldestRetainedSeq: bounds.oldestRetainedSeq,
        };
        connection.socket.send(JSON.stringify(resync));
      }
      connection.lastSeq = bounds.seq;
    }
    if (connection.targetSeq < bounds.seq) connection.targetSeq = bounds.seq;
    if (connection.channel) connection.channel.lastSeq ??= bounds.seq;
    deps.welcomed(connection);
    await deps.delivery.catchUp(connection);
  };
}

/** A plain read of the state: TypeScript keeps a narrowed state across awaits, where it may have changed. */
function isClosing(connection: EventConnection): boolean {
  return connection.state === "closing";
}

import type { WebSocket } from "ws";
import { type CloseReason, closeReasons } from "./close-reasons.ts";
import type { EventConnection, WorkspaceChannel } from "./event-connection.ts";
import type { FanoutMessage } from "./fanout.ts";
import type { RevocationMemory } from "./revocation-memory.ts";

export type ControlMessage = Exclude<FanoutMessage, { kind: "event" }>;

export interface ControlMessageDeps {
  sockets: ReadonlyMap<WebSocket, EventConnection>;
  channels: ReadonlyMap<string, WorkspaceChannel>;
  /** Connections whose close waits for owed events; upkeep enforces their deadline. */
  deferred: Set<EventConnection>;
  revocations: RevocationMemory;
  now(): number;
  close(connection: EventConnection, reason: CloseReason): void;
}

/**
 * Applies the fan-out's control messages: a removed member, a revoked instance, a revoked session family.
 * Each is also remembered for a while, for handshakes that were being checked when it arrived.
 */
export function createControlHandler(deps: ControlMessageDeps): (message: ControlMessage) => void {
  /**
   * Closes now, or — while events owed to the client are still being sent (replay, gap fill) — right after
   * the ones published up to now, so a removed member still sees the membership-changed event published just
   * before the close, and nothing after it.
   */
  function closeAfterOwedEvents(connection: EventConnection, reason: CloseReason): void {
    if (connection.state === "closing") return;
    const channel = connection.channel;
    if (connection.state !== "catching-up" && !(connection.state === "live" && channel?.filling)) {
      deps.close(connection, reason);
      return;
    }
    if (connection.deferredClose) return;
    connection.deferredClose = reason;
    connection.deferredUntilSeq = Math.max(
      connection.lastSeq,
      connection.targetSeq,
      channel?.lastSeq ?? 0,
      channel?.filling ? channel.targetSeq : 0,
    );
    connection.deferredSince = deps.now();
    deps.deferred.add(connection);
  }

  return (message) => {
    switch (message.kind) {
      case "close-member": {
        const reason = closeReasons.membershipEnded;
        deps.revocations.remember(`member:${message.workspaceId}:${message.userId}`, deps.now(), reason);
        const channel = deps.channels.get(message.workspaceId);
        for (const connection of channel ? [...channel.connections] : []) {
          if (connection.userId === message.userId) closeAfterOwedEvents(connection, reason);
        }
        return;
      }
      case "close-instance": {
        const reason = closeReasons.instanceRevoked;
        deps.revocations.remember(`instance:${message.instanceId}`, deps.now(), reason);
        // Rare enough that a scan beats keeping another index per connection.
        for (const connection of deps.sockets.values()) {
          if (connection.instanceId === message.instanceId) deps.close(connection, reason);
        }
        return;
      }
      case "close-family": {
        const reason = closeReasons.sessionRevoked;
        deps.revocations.remember(`family:${message.familyId}`, deps.now(), reason);
        for (const connection of deps.sockets.values()) {
          if (connection.familyId === message.familyId) deps.close(connection, reason);
        }
        return;
      }
      case "pusher-event":
        // For the Pusher-protocol endpoint (apps/cloud/src/pusher), which listens to the same fan-out.
        return;
    }
  };
}

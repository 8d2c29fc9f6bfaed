/**
 * What Cloud nodes tell each other. With one node it stays in the process; with REDIS_URL it crosses nodes
 * through Redis pub/sub, so an event published on any node reaches event connections on every node.
 */
export type FanoutMessage =
  /** A stored event; `frame` is the exact JSON text to send, serialised once. */
  | { kind: "event"; workspaceId: string; seq: number; frame: string }
  /** Close a member's event connections to a workspace (removed, or left). */
  | { kind: "close-member"; workspaceId: string; userId: string }
  /** Close the connections of a revoked instance. */
  | { kind: "close-instance"; instanceId: string }
  /** Close the connections authenticated by a revoked session family (sign-out, refresh-token reuse). */
  | { kind: "close-family"; familyId: string }
  /**
   * An event triggered through the Pusher-protocol endpoint (apps/cloud/src/pusher): every node sends it to its
   * own subscribers of these channels, except the socket `exceptSocketId` (Pusher's "excluding recipients").
   */
  | { kind: "pusher-event"; channels: string[]; event: string; data: string; exceptSocketId: string | null };

export interface Fanout {
  /** Delivers to this node's subscribers at once and to other nodes' as soon as the transport allows. */
  publish(message: FanoutMessage): Promise<void>;
  subscribe(handler: (message: FanoutMessage) => void): () => void;
  /** For /readyz: can this node reach the other nodes? */
  isHealthy(): Promise<boolean>;
  close(): Promise<void>;
}

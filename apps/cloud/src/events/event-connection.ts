import type { WebSocket } from "ws";
import type { CloseReason } from "./close-reasons.ts";

/**
 * - `awaiting-hello`: open, no hello yet.
 * - `authorizing`: hello received; token and membership being checked.
 * - `catching-up`: in its workspace's channel; replaying or filling a gap from the database. Live events only
 *   raise its target, the catch-up loop sends them from the log, so none is lost or sent twice.
 * - `live`: receives each event as it is published.
 * - `closing`: close sent; nothing more is sent.
 */
export type ConnectionState = "awaiting-hello" | "authorizing" | "catching-up" | "live" | "closing";

/**
 * One event connection. Kept deliberately small (plain fields, no closures, no timers): a node holds tens of
 * thousands of these. Every timed check runs from the hub's shared intervals.
 */
export class EventConnection {
  state: ConnectionState = "awaiting-hello";
  workspaceId = "";
  userId = "";
  familyId = "";
  instanceId: string | null = null;
  channel: WorkspaceChannel | null = null;
  /** The newest seq this client has been sent. */
  lastSeq = 0;
  /** The newest seq known to exist while catching up. */
  targetSeq = 0;
  unansweredPings = 0;
  /** When a sent close must have completed, after which the socket is terminated. */
  closeDeadline = 0;
  /** A close requested while events owed to the client were still being sent; applied once they are. */
  deferredClose: CloseReason | null = null;
  /** The stream position when that close was requested: events up to it are still sent, later ones never. */
  deferredUntilSeq = 0;
  deferredSince = 0;
  /** onInstanceConnected fired, so onInstanceDisconnected is owed. */
  announced = false;

  constructor(
    readonly socket: WebSocket,
    /** Clock time (ms) the socket opened: the hello deadline counts from here. */
    readonly openedAt: number,
  ) {}
}

/** The connections to one workspace on this node, and where its ordered broadcast stands. */
export class WorkspaceChannel {
  readonly connections = new Set<EventConnection>();
  /** The newest seq broadcast in order; null until the first event or handshake sets a baseline. */
  lastSeq: number | null = null;
  /** While a gap is being filled from the log: the newest seq known to exist. */
  targetSeq = 0;
  filling = false;

  constructor(readonly workspaceId: string) {}
}

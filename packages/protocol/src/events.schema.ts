import { z } from "zod";
import { AgentId, InstanceId, Role, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";
import { ErrorCodeSchema } from "./errors.ts";
import { Presence } from "./instance.schema.ts";
import { Task } from "./task.schema.ts";

/**
 * Events are numbered per workspace (`seq`, from 1, no gaps) and stored, so a client that reconnects with its
 * last number receives everything it missed, in order, once. Names are noun-verb.
 */
export const TaskAssignedEvent = z.object({ name: z.literal("task-assigned"), task: Task });
export const TaskUpdatedEvent = z.object({ name: z.literal("task-updated"), task: Task });
export const ConfigChangedEvent = z.object({
  name: z.literal("config-changed"),
  revision: z.number().int().nonnegative(),
  /** What changed, so a client can decide whether to fetch a delta. */
  scope: z.enum(["agents", "provider-keys", "workspace"]),
  agentId: AgentId.optional(),
  changedBy: UserId,
});
export const MembershipChangedEvent = z.object({
  name: z.literal("membership-changed"),
  userId: UserId,
  change: z.enum(["joined", "role-changed", "removed", "left"]),
  role: Role.nullable(),
  revision: z.number().int().nonnegative(),
});
export const InstancePresenceEvent = z.object({
  name: z.literal("instance-presence"),
  instanceId: InstanceId,
  userId: UserId,
  presence: Presence,
});

export const WorkspaceEvent = z.discriminatedUnion("name", [
  TaskAssignedEvent,
  TaskUpdatedEvent,
  ConfigChangedEvent,
  MembershipChangedEvent,
  InstancePresenceEvent,
]);
export type WorkspaceEvent = z.infer<typeof WorkspaceEvent>;
export type WorkspaceEventName = WorkspaceEvent["name"];

/** Client → Cloud. The first frame must be `hello`, within 10 seconds; the token never goes in the URL. */
export const HelloFrame = z.strictObject({
  type: z.literal("hello"),
  protocol: z.number().int().positive(),
  token: z.string().min(1).max(512),
  workspaceId: WorkspaceId,
  /** The last `seq` the client processed; omit on first connect to start from now. */
  lastSeq: z.number().int().nonnegative().optional(),
});
export type HelloFrame = z.infer<typeof HelloFrame>;

export const PingFrame = z.strictObject({ type: z.literal("ping"), id: z.number().int().nonnegative() });

export const ClientFrame = z.discriminatedUnion("type", [HelloFrame, PingFrame]);
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Cloud → client. */
export const WelcomeFrame = z.object({
  type: z.literal("welcome"),
  protocol: z.number().int().positive(),
  workspaceId: WorkspaceId,
  /** The newest seq at the time of the handshake; replayed events (if any) follow. */
  seq: z.number().int().nonnegative(),
  pingIntervalMs: z.number().int().positive(),
  heartbeatIntervalMs: z.number().int().positive(),
});
export type WelcomeFrame = z.infer<typeof WelcomeFrame>;

export const EventFrame = z.object({
  type: z.literal("event"),
  workspaceId: WorkspaceId,
  seq: z.number().int().positive(),
  at: Timestamp,
  event: WorkspaceEvent,
});
export type EventFrame = z.infer<typeof EventFrame>;

/** The client's `lastSeq` is older than the retained history: fetch a fresh snapshot, then continue from `seq`. */
export const ResyncFrame = z.object({
  type: z.literal("resync"),
  workspaceId: WorkspaceId,
  seq: z.number().int().nonnegative(),
  oldestRetainedSeq: z.number().int().nonnegative(),
});
export type ResyncFrame = z.infer<typeof ResyncFrame>;

export const PongFrame = z.object({ type: z.literal("pong"), id: z.number().int().nonnegative() });

export const ErrorFrame = z.object({ type: z.literal("error"), code: ErrorCodeSchema, message: z.string() });
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export const ServerFrame = z.discriminatedUnion("type", [
  WelcomeFrame,
  EventFrame,
  ResyncFrame,
  PongFrame,
  ErrorFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

export const EVENTS_PATH = "/v1/events";

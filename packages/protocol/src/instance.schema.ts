import { z } from "zod";
import { InstanceId, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";
import { Platform } from "./device.schema.ts";

/**
 * connected: the event stream is open or a heartbeat arrived within one interval and a half;
 * stale: the last sign of life is older than that but younger than three intervals; offline: older, or never.
 */
export const Presence = z.enum(["connected", "stale", "offline"]);
export type Presence = z.infer<typeof Presence>;

export const Instance = z.object({
  id: InstanceId,
  workspaceId: WorkspaceId,
  userId: UserId,
  name: z.string(),
  platform: Platform,
  presence: Presence,
  lastSeenAt: Timestamp.nullable(),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
});
export type Instance = z.infer<typeof Instance>;

export const InstanceList = z.object({ instances: z.array(Instance) });
export type InstanceList = z.infer<typeof InstanceList>;

export const HeartbeatRequest = z.strictObject({
  /** The config revision the instance has applied, so teammates can see it is up to date. */
  configRevision: z.number().int().nonnegative().optional(),
});
export type HeartbeatRequest = z.infer<typeof HeartbeatRequest>;

export const HeartbeatResponse = z.object({
  presence: Presence,
  /** The server sets the pace: send the next heartbeat within this many milliseconds. */
  heartbeatIntervalMs: z.number().int().positive(),
  configRevision: z.number().int().nonnegative(),
});
export type HeartbeatResponse = z.infer<typeof HeartbeatResponse>;

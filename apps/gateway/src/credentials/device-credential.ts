import { InstanceId, UserId, WorkspaceId } from "@multiclaw/protocol";
import { z } from "zod";

/**
 * The device credential as the gateway keeps it on disk: which Cloud, which instance of which workspace, whose
 * account, and the refresh token that signs it in. Never an access token: those live in memory only. A local
 * file format, not a wire type, so it is defined here rather than in the protocol.
 */
export const DeviceCredential = z.strictObject({
  version: z.literal(1),
  cloudUrl: z.url({ protocol: /^https?$/ }),
  workspaceId: WorkspaceId,
  instanceId: InstanceId,
  account: z.strictObject({ userId: UserId, email: z.string(), name: z.string() }),
  refreshToken: z.string().min(1).max(512),
  savedAt: z.iso.datetime(),
});
export type DeviceCredential = z.infer<typeof DeviceCredential>;

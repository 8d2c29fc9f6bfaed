import { z } from "zod";
import { SessionTokens } from "./auth.schema.ts";
import { DisplayName, InstanceId, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";

/**
 * Device authorization, in the spirit of RFC 8628: the device asks for a code, shows `userCode` and
 * `verificationUri`, and polls `device/token` every `interval` seconds while a signed-in user approves it.
 */
export const Platform = z.enum(["linux", "darwin", "win32", "other"]);

export const DeviceCodeRequest = z.strictObject({
  instanceName: DisplayName.describe("How the instance appears to teammates, e.g. the machine's hostname"),
  platform: Platform,
});
export type DeviceCodeRequest = z.infer<typeof DeviceCodeRequest>;

export const DeviceCodeResponse = z.object({
  deviceCode: z.string(),
  /** Eight characters, shown as XXXX-XXXX; the user types or confirms it. */
  userCode: z.string(),
  verificationUri: z.string(),
  verificationUriComplete: z.string(),
  expiresIn: z.number().int().describe("seconds"),
  interval: z.number().int().describe("minimum seconds between polls"),
});
export type DeviceCodeResponse = z.infer<typeof DeviceCodeResponse>;

export const DeviceTokenRequest = z.strictObject({ deviceCode: z.string().min(1).max(256) });
export type DeviceTokenRequest = z.infer<typeof DeviceTokenRequest>;

export const DeviceTokenResponse = z.object({
  /** `tokens.refreshToken` is the device credential: keep it in a 0600 file. */
  tokens: SessionTokens,
  instanceId: InstanceId,
  workspaceId: WorkspaceId,
  userId: UserId,
});
export type DeviceTokenResponse = z.infer<typeof DeviceTokenResponse>;

export const DeviceLookupResponse = z.object({
  userCode: z.string(),
  instanceName: z.string(),
  platform: Platform,
  expiresAt: Timestamp,
});
export type DeviceLookupResponse = z.infer<typeof DeviceLookupResponse>;

export const DeviceApproveRequest = z.strictObject({
  userCode: z
    .string()
    .trim()
    .transform((value) => value.toUpperCase().replaceAll("-", ""))
    .pipe(z.string().regex(/^[BCDFGHJKLMNPQRSTVWXZ]{8}$/, "must be the 8-letter code shown on the device")),
  workspaceId: WorkspaceId,
  approve: z.boolean().default(true),
});
export type DeviceApproveRequest = z.infer<typeof DeviceApproveRequest>;

import { z } from "zod";
import { DisplayName, Email, InstanceId, Timestamp, UserId, WorkspaceId } from "./common.schema.ts";

/** Passwords: long enough to resist guessing, short enough that hashing cannot be used to exhaust the server. */
export const Password = z.string().min(10, "use at least 10 characters").max(256);

export const SignUpRequest = z.strictObject({
  email: Email,
  password: Password,
  name: DisplayName,
});
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const SignInRequest = z.strictObject({
  email: Email,
  password: z.string().min(1).max(256),
});
export type SignInRequest = z.infer<typeof SignInRequest>;

export const User = z.object({
  id: UserId,
  email: z.string(),
  name: z.string(),
  createdAt: Timestamp,
});
export type User = z.infer<typeof User>;

/**
 * A session: a short-lived access token (≤ 15 minutes) and an opaque refresh token that is rotated on every
 * use. Presenting a refresh token that was already rotated revokes the whole family.
 */
export const SessionTokens = z.object({
  accessToken: z.string(),
  accessTokenExpiresAt: Timestamp,
  refreshToken: z.string(),
  tokenType: z.literal("Bearer"),
});
export type SessionTokens = z.infer<typeof SessionTokens>;

export const SignInResponse = z.object({
  user: User,
  tokens: SessionTokens,
  /** Workspaces the user belongs to; sign-up creates a personal one. */
  workspaces: z.array(
    z.object({ id: WorkspaceId, name: z.string(), role: z.enum(["owner", "admin", "member"]) }),
  ),
});
export type SignInResponse = z.infer<typeof SignInResponse>;

export const RefreshRequest = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

export const RefreshResponse = z.object({ tokens: SessionTokens });
export type RefreshResponse = z.infer<typeof RefreshResponse>;

export const SignOutRequest = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export type SignOutRequest = z.infer<typeof SignOutRequest>;

export const MeResponse = z.object({
  user: User,
  /** Set when the caller is an instance signed in through device authorization. */
  instanceId: InstanceId.nullable(),
  workspaces: SignInResponse.shape.workspaces,
});
export type MeResponse = z.infer<typeof MeResponse>;

import { z } from "zod";
import { SignInRequest, SignUpRequest } from "./auth.schema.ts";
import { Role, UserId, WorkspaceId } from "./common.schema.ts";

/*
 * The user session the gateway holds: a person signed in to the gateway's Cloud as themselves (email and
 * password), apart from the gateway's device credential. The terminal and the App act as that user through
 * the gateway — its `/v1/user` routes, and `GATEWAY_CLOUD_PREFIX` for the Cloud's own user routes — and
 * never hold the user's tokens themselves.
 */

/**
 * Requests to `/cloud/<a Cloud user route>` on the local API are forwarded to the Cloud as the signed-in user,
 * so the Cloud's typed client works unchanged with `baseUrl: \`${gatewayOrigin}/cloud\``.
 */
export const GATEWAY_CLOUD_PREFIX = "/cloud";

const CloudUrl = z.url({ protocol: /^https?$/ }).max(2048);

export const UserSignInRequest = z.strictObject({
  ...SignInRequest.shape,
  /** The Cloud to sign in to when the gateway is signed out; the gateway's own Cloud otherwise. */
  cloudUrl: CloudUrl.optional(),
});
export type UserSignInRequest = z.infer<typeof UserSignInRequest>;

/** Creates an account (and its personal workspace) at the Cloud and signs in as it, as sign-in does. */
export const UserSignUpRequest = z.strictObject({
  ...SignUpRequest.shape,
  /** The Cloud to sign up at when the gateway is signed out; the gateway's own Cloud otherwise. */
  cloudUrl: CloudUrl.optional(),
});
export type UserSignUpRequest = z.infer<typeof UserSignUpRequest>;

/** The account, as the Cloud's `me` route describes it. */
export const UserAccount = z.object({ userId: UserId, email: z.string(), name: z.string() });
export type UserAccount = z.infer<typeof UserAccount>;

/** A workspace the user belongs to, with the user's role in it (from `me`). */
export const UserWorkspace = z.object({ workspaceId: WorkspaceId, name: z.string(), role: Role });
export type UserWorkspace = z.infer<typeof UserWorkspace>;

export const SignedOutUser = z.object({ state: z.literal("signed-out") });
export type SignedOutUser = z.infer<typeof SignedOutUser>;

export const SignedInUser = z.object({
  state: z.literal("signed-in"),
  /** The Cloud the user is signed in to. */
  cloudUrl: z.string(),
  account: UserAccount,
  workspaces: z.array(UserWorkspace),
});
export type SignedInUser = z.infer<typeof SignedInUser>;

/** `GET /v1/user`: whether a user is signed in through this gateway, and who. */
export const UserSession = z.discriminatedUnion("state", [SignedOutUser, SignedInUser]);
export type UserSession = z.infer<typeof UserSession>;

export const UserSignOutResult = z.object({
  /** False when the Cloud could not be reached; the session is deleted from this machine either way. */
  revokedAtCloud: z.boolean(),
});
export type UserSignOutResult = z.infer<typeof UserSignOutResult>;

/** Who is calling: a user's session, or an instance acting for its user within one workspace. */
export interface Principal {
  userId: string;
  familyId: string;
  /** Set for instances signed in through device authorization. */
  instanceId: string | null;
  /** An instance may only act within the workspace it was approved for. */
  instanceWorkspaceId: string | null;
}

export interface Authenticator {
  /** Resolves a bearer access token or throws AUTH_INVALID / AUTH_EXPIRED / INSTANCE_REVOKED. */
  authenticate(accessToken: string): Promise<Principal>;
}

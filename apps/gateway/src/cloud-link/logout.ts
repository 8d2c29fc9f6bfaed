import {
  type CloudClient,
  type CloudError,
  isCloudError,
  type RefreshingTokenSource,
} from "@multiclaw/cloud-client";
import type { LinkLogger } from "./link-logger.ts";

/** What logout achieved at the Cloud; the local credential is deleted either way. */
export interface LogoutResult {
  /** True when the Cloud confirmed the instance's credential no longer works. */
  revokedAtCloud: boolean;
  /** Why not, when it did not (the Cloud unreachable, for example). */
  error: CloudError | null;
}

export interface RevokeDeps {
  cloud: CloudClient;
  anonymous: CloudClient;
  tokens: RefreshingTokenSource;
  workspaceId: string;
  instanceId: string;
  logger: LinkLogger;
}

/**
 * Ends this instance at the Cloud. Revoking the instance (its own user may) ends every session it has and
 * removes it from teammates' lists; if that cannot be done — the access token cannot be had, say — signing
 * out with the refresh token still ends the session. An instance that is already revoked counts as done.
 */
export async function revokeAtCloud(deps: RevokeDeps): Promise<LogoutResult> {
  try {
    await deps.cloud.call("revokeInstance", {
      params: { workspaceId: deps.workspaceId, instanceId: deps.instanceId },
    });
    return { revokedAtCloud: true, error: null };
  } catch (error) {
    if (isCloudError(error) && error.code === "INSTANCE_REVOKED")
      return { revokedAtCloud: true, error: null };
    deps.logger.warn(
      { code: isCloudError(error) ? error.code : undefined },
      "revoking the instance failed; signing out",
    );
  }
  try {
    await deps.anonymous.call("signOut", { body: { refreshToken: deps.tokens.refreshToken() } });
    return { revokedAtCloud: true, error: null };
  } catch (error) {
    if (!isCloudError(error)) throw error;
    deps.logger.warn({ code: error.code }, "signing out at the Cloud failed; deleting the credential anyway");
    return { revokedAtCloud: false, error };
  }
}

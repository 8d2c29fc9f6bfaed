import { type CloudClient, CloudError, createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { GATEWAY_CLOUD_PREFIX } from "@multiclaw/protocol";
import { gatewayNotRunning } from "./cli-error.ts";
import { apiTokenOrExplain, type GatewayLocation } from "./gateway-connection.ts";

/*
 * How `keys`, `agents`, `tasks` and `team` reach the Cloud: as the signed-in user, through the gateway. The
 * gateway forwards its local API's `/cloud/*` to the Cloud's user routes with the user's access token, so the CLI
 * holds no Cloud credential of its own (only the local API token, as every command does) and uses the typed
 * Cloud client unchanged. With no user session the gateway answers 401 AUTH_REQUIRED, asking for
 * `multiclaw login`. This is the one place that construction lives (the commands get it as `ctx.userCloud()`).
 */

/**
 * A Cloud client acting as the gateway's signed-in user. Loopback only, so it is not an outbound connection of
 * the inventory: the platform's fetch is used as it is.
 *
 * @example
 * const cloud = await userCloudThroughGateway({ apiOrigin, paths, answers });
 * const { agents } = await cloud.call("listAgents", { params: { workspaceId } });
 */
export async function userCloudThroughGateway(options: GatewayLocation): Promise<CloudClient> {
  const token = await apiTokenOrExplain(options);
  return createCloudClient({
    baseUrl: `${options.apiOrigin}${GATEWAY_CLOUD_PREFIX}`,
    fetch: async (url, init) => {
      try {
        return await fetch(url, init);
      } catch (error) {
        const name = (error as { name?: unknown } | null)?.name;
        if (name === "AbortError" || name === "TimeoutError") throw error;
        // Nothing answered on loopback: the gateway stopped since its token file was written, not the Cloud.
        throw new CloudError("UNAVAILABLE", gatewayNotRunning(options.apiOrigin).message, { cause: error });
      }
    },
    auth: staticTokenSource(token),
  });
}

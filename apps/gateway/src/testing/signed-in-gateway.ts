import type { CloudClient } from "@multiclaw/cloud-client";
import { type GatewayProcess, spawnGatewayProcess } from "./gateway-process.ts";
import { waitFor } from "./wait-for.ts";

/**
 * A gateway process signed in the way a user signs in: `multiclaw login` asks the gateway for a device code
 * (through the local API), the approver confirms it at the Cloud, and the gateway keeps the credential.
 * Resolves once the Cloud link is connected.
 */
export async function startSignedInGateway(options: {
  home: string;
  cloudUrl: string;
  approver: { cloud: CloudClient; workspaceId: string };
  env?: Record<string, string>;
  nodeArgs?: string[];
}): Promise<GatewayProcess> {
  const gateway = await spawnGatewayProcess({
    home: options.home,
    cloudUrl: options.cloudUrl,
    ...(options.env ? { env: options.env } : {}),
    ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
  });
  try {
    const login = await gateway.client.startLogin({});
    if (login.state !== "pending" || !login.userCode) {
      throw new Error(`no device code from the gateway: ${JSON.stringify(login)}`);
    }
    await options.approver.cloud.call("deviceApprove", {
      body: { userCode: login.userCode, workspaceId: options.approver.workspaceId },
    });
    await waitFor(
      "the gateway to sign in and connect",
      async () => ((await gateway.client.status()).cloudLink.state === "connected" ? true : undefined),
      { context: () => gateway.output().slice(-3000) },
    );
    return gateway;
  } catch (error) {
    await gateway.kill("SIGKILL");
    throw error;
  }
}

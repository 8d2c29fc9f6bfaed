import { randomBytes } from "node:crypto";
import { type CloudClient, isCloudError, staticTokenSource } from "@multiclaw/cloud-client";
import type { GatewayClient } from "@multiclaw/gateway-client";
import type { LoginStatus } from "@multiclaw/protocol";

/*
 * The embedded product signs its gateway in by itself the first time: on a Cloud with no owner yet it creates
 * the local owner's account (the passphrase is shown once, never stored), and approves the gateway's device
 * code with it. When the account already exists (the gateway was signed out later), the user approves the code
 * in the console like any device login.
 */

export const LOCAL_OWNER_EMAIL = "owner@multiclaw.local";

export type FirstSignIn =
  | { kind: "already-signed-in"; status: LoginStatus }
  | { kind: "owner-created"; status: LoginStatus; email: string; passphrase: string }
  | { kind: "approved-in-browser"; status: LoginStatus };

export async function signInEmbeddedGateway(options: {
  gateway: GatewayClient;
  /** An anonymous client of the embedded Cloud. */
  cloud: CloudClient;
  /** Tells the user where to approve, when it comes to that. */
  showCode(status: LoginStatus): void;
  timeoutMs?: number;
}): Promise<FirstSignIn> {
  const { gateway, cloud } = options;
  const current = await gateway.loginStatus();
  if (current.state === "signed-in") return { kind: "already-signed-in", status: current };
  const login = await gateway.startLogin({ cloudUrl: cloud.baseUrl });
  if (login.state !== "pending" || !login.userCode) {
    throw new Error(`signing in did not start: ${login.error?.code ?? login.state}`);
  }

  const passphrase = randomBytes(18).toString("base64url");
  let created = false;
  try {
    const owner = await cloud.call("signUp", {
      body: { email: LOCAL_OWNER_EMAIL, password: passphrase, name: "Owner" },
    });
    const workspaceId = owner.workspaces[0]?.id;
    if (!workspaceId) throw new Error("the new account has no workspace");
    await cloud
      .withAuth(staticTokenSource(owner.tokens.accessToken))
      .call("deviceApprove", { body: { userCode: login.userCode, workspaceId } });
    created = true;
  } catch (error) {
    if (!isCloudError(error) || error.code !== "EMAIL_TAKEN") throw error;
    options.showCode(login);
  }

  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    const status = await gateway.loginStatus();
    if (status.state === "signed-in") {
      return created
        ? { kind: "owner-created", status, email: LOCAL_OWNER_EMAIL, passphrase }
        : { kind: "approved-in-browser", status };
    }
    if (status.state === "failed") {
      throw new Error(`signing in failed: ${status.error?.code}: ${status.error?.message}`);
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for the gateway to be approved");
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

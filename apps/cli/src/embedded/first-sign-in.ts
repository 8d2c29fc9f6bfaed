import { randomBytes } from "node:crypto";
import { type CloudClient, CloudError, isCloudError, staticTokenSource } from "@multiclaw/cloud-client";
import { GatewayApiError, type GatewayClient } from "@multiclaw/gateway-client";
import type { LoginStatus } from "@multiclaw/protocol";
import {
  createRateLimitPatience,
  type RateLimitPatience,
  sleepUnlessAborted,
} from "./rate-limit-patience.ts";

/*
 * The embedded product signs its gateway in by itself the first time: on a Cloud with no owner yet it creates
 * the local owner's account (the passphrase is shown once, never stored), and approves the gateway's device
 * code with it. When the account already exists (the gateway was signed out later), the user approves the code
 * in the console like any device login. A RATE_LIMITED answer on the way (every process of this machine is one
 * client address to the Cloud) is waited out, not fatal.
 */

export const LOCAL_OWNER_EMAIL = "owner@multiclaw.local";

/** How long the first sign-in may spend in all waiting out the Cloud's rate limit: three of its minute windows. */
const DEFAULT_RATE_LIMIT_WAIT_MS = 3 * 60_000;
const LOGIN_POLL_MS = 100;

export type FirstSignIn =
  | { kind: "already-signed-in"; status: LoginStatus }
  | { kind: "owner-created"; status: LoginStatus; email: string; passphrase: string }
  | { kind: "approved-in-browser"; status: LoginStatus };

export interface EmbeddedSignInOptions {
  gateway: GatewayClient;
  /** An anonymous client of the embedded Cloud. */
  cloud: CloudClient;
  /** Tells the user where to approve, when it comes to that. */
  showCode(status: LoginStatus): void;
  /** How long to wait for the gateway to be approved. */
  timeoutMs?: number;
  /** One line for the user when the start has to wait (the Cloud's rate limit); standard error by default. */
  note?: (text: string) => void;
  /** Stops the sign-in (Ctrl-C): it rejects, with the signal's reason when it was waiting. */
  signal?: AbortSignal;
  /** The most the start waits out rate limits in all before it fails with RATE_LIMITED; three minutes by default. */
  rateLimitWaitMs?: number;
  /** Waits out a rate limit of `ms`, rejecting when `signal` aborts; a timer by default (tests move a fake clock). */
  waitForRateLimit?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * Called as soon as this start created the local owner, before anything else can fail: the passphrase exists
   * nowhere else, so the caller must be able to show it even when approving the gateway fails afterwards.
   */
  onOwnerCreated?: (owner: { email: string; passphrase: string }) => void;
}

/** Asks the gateway to start a device login; a Cloud that rate-limits the code request is waited out. */
async function startGatewayLogin(
  options: EmbeddedSignInOptions,
  patience: RateLimitPatience,
): Promise<LoginStatus & { userCode: string }> {
  const { gateway, cloud, signal } = options;
  const login = await patience.retry("start signing the gateway in", async () => {
    const status = await gateway.startLogin({ cloudUrl: cloud.baseUrl }, signal ? { signal } : {});
    // The gateway asked the Cloud for the code itself; its refusal arrives as the login's error.
    if (status.state === "failed" && status.error?.code === "RATE_LIMITED") {
      throw new CloudError("RATE_LIMITED", status.error.message);
    }
    return status;
  });
  if (login.state !== "pending" || !login.userCode) {
    throw new Error(`signing in did not start: ${login.error?.code ?? login.state}`);
  }
  return { ...login, userCode: login.userCode };
}

export async function signInEmbeddedGateway(options: EmbeddedSignInOptions): Promise<FirstSignIn> {
  const { gateway, cloud, signal } = options;
  const patience = createRateLimitPatience({
    note: options.note ?? ((text) => process.stderr.write(text)),
    totalWaitMs: options.rateLimitWaitMs ?? DEFAULT_RATE_LIMIT_WAIT_MS,
    signal,
    sleep: options.waitForRateLimit,
  });
  const current = await gateway.loginStatus(signal ? { signal } : {});
  if (current.state === "signed-in") return { kind: "already-signed-in", status: current };
  let login = await startGatewayLogin(options, patience);

  const passphrase = randomBytes(18).toString("base64url");
  // Set once this start created the owner: it approves the gateway's code (again, if the login restarts).
  let approveAsOwner: ((userCode: string) => Promise<void>) | undefined;
  try {
    const owner = await patience.retry("create the local owner account", () =>
      cloud.call("signUp", {
        body: { email: LOCAL_OWNER_EMAIL, password: passphrase, name: "Owner" },
        ...(signal ? { signal } : {}),
      }),
    );
    options.onOwnerCreated?.({ email: LOCAL_OWNER_EMAIL, passphrase });
    const workspaceId = owner.workspaces[0]?.id;
    if (!workspaceId) throw new Error("the new account has no workspace");
    const asOwner = cloud.withAuth(staticTokenSource(owner.tokens.accessToken));
    approveAsOwner = async (userCode) => {
      await patience.retry("approve the gateway", () =>
        asOwner.call("deviceApprove", { body: { userCode, workspaceId }, ...(signal ? { signal } : {}) }),
      );
      // The gateway would learn of the approval at its next poll, up to the Cloud's interval away.
      await gateway.checkLogin(signal ? { signal } : {}).catch(() => undefined);
    };
    await approveAsOwner(login.userCode);
  } catch (error) {
    if (!isCloudError(error) || error.code !== "EMAIL_TAKEN") throw error;
    options.showCode(login);
  }

  const deadline = Date.now() + (options.timeoutMs ?? 15 * 60_000);
  for (;;) {
    const status = await gateway.loginStatus(signal ? { signal } : {});
    if (status.state === "signed-in") {
      if (!approveAsOwner) return { kind: "approved-in-browser", status };
      // The terminal (`multiclaw keys`, `agents`, …) and the app act as the owner through the user session the
      // gateway holds; the owner's passphrase is known only now, so this start signs that session in too.
      await patience.retry("sign the owner in at the gateway", () =>
        gateway
          .signInUser(
            { email: LOCAL_OWNER_EMAIL, password: passphrase, cloudUrl: cloud.baseUrl },
            signal ? { signal } : {},
          )
          .catch((error: unknown) => {
            // The gateway passes the Cloud's refusal on with its code and wait; the patience reads Cloud errors.
            if (error instanceof GatewayApiError && error.code === "RATE_LIMITED") {
              throw new CloudError("RATE_LIMITED", error.message, {
                ...(error.retryAfterSeconds === undefined
                  ? {}
                  : { retryAfterSeconds: error.retryAfterSeconds }),
              });
            }
            throw error;
          }),
      );
      return { kind: "owner-created", status, email: LOCAL_OWNER_EMAIL, passphrase };
    }
    if (status.state === "failed" && status.error?.code === "RATE_LIMITED") {
      // The Cloud refused the gateway's own poll for its credential, which ends that login: wait, start anew.
      await patience.waitOut(new CloudError("RATE_LIMITED", status.error.message), "sign the gateway in");
      login = await startGatewayLogin(options, patience);
      if (approveAsOwner) await approveAsOwner(login.userCode);
      else options.showCode(login);
      continue;
    }
    if (status.state === "failed") {
      throw new Error(`signing in failed: ${status.error?.code}: ${status.error?.message}`);
    }
    if (Date.now() > deadline) throw new Error("timed out waiting for the gateway to be approved");
    await sleepUnlessAborted(LOGIN_POLL_MS, signal);
  }
}

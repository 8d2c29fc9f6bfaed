import { type CloudClient, CloudError, isCloudError, staticTokenSource } from "@multiclaw/cloud-client";
import type { DeviceCodeRequest, DeviceCodeResponse } from "@multiclaw/protocol";
import type { CredentialStore } from "./credential-store.ts";
import type { DeviceCredential } from "./device-credential.ts";

type Platform = DeviceCodeRequest["platform"];

export interface DeviceLoginOptions {
  /** A client of the Cloud to sign in to (no token source needed). */
  cloud: CloudClient;
  store: CredentialStore;
  /** How the instance appears to teammates, e.g. the machine's host name. */
  instanceName: string;
  platform: Platform;
  /** Shows the code and the link to the user; polling starts when it returns. */
  onCode(code: DeviceCodeResponse): void | Promise<void>;
  /** Waits between polls; a timer by default. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  now?: () => Date;
}

/** The platform names the Cloud knows. */
export function devicePlatform(platform: NodeJS.Platform = process.platform): Platform {
  return platform === "linux" || platform === "darwin" || platform === "win32" ? platform : "other";
}

function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Signs this machine in by device authorization (RFC 8628 style): asks the Cloud for a code, lets `onCode`
 * show it, polls at the Cloud's interval (slowing down when told) until a signed-in user approves it, then
 * saves the device credential — the refresh token and who it belongs to, never the access token.
 * Throws a CloudError: DEVICE_DENIED, DEVICE_CODE_EXPIRED, or whatever else the Cloud answered.
 *
 * @example
 * const credential = await loginWithDeviceCode({ cloud, store, instanceName: hostname(),
 *   platform: devicePlatform(), onCode: (code) => console.log(`Open ${code.verificationUriComplete}`) });
 */
export async function loginWithDeviceCode(options: DeviceLoginOptions): Promise<DeviceCredential> {
  const sleep = options.sleep ?? timerSleep;
  const now = options.now ?? (() => new Date());
  const code = await options.cloud.call("deviceCode", {
    body: { instanceName: options.instanceName, platform: options.platform },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const deadline = now().getTime() + code.expiresIn * 1000;
  await options.onCode(code);

  let intervalSeconds = code.interval;
  for (;;) {
    try {
      const granted = await options.cloud.call("deviceToken", {
        body: { deviceCode: code.deviceCode },
        ...(options.signal ? { signal: options.signal } : {}),
      });
      // The access token is used once, here, to learn whose account this is, and then forgotten.
      const me = await options.cloud
        .withAuth(staticTokenSource(granted.tokens.accessToken))
        .call("me", options.signal ? { signal: options.signal } : {});
      const credential: DeviceCredential = {
        version: 1,
        cloudUrl: options.cloud.baseUrl,
        workspaceId: granted.workspaceId,
        instanceId: granted.instanceId,
        account: { userId: me.user.id, email: me.user.email, name: me.user.name },
        refreshToken: granted.tokens.refreshToken,
        savedAt: now().toISOString(),
      };
      await options.store.write(credential);
      return credential;
    } catch (error) {
      if (!isCloudError(error)) throw error;
      if (error.code === "SLOW_DOWN") {
        intervalSeconds = Math.max(intervalSeconds + 5, error.retryAfterSeconds ?? 0);
      } else if (error.code === "RATE_LIMITED") {
        // The Cloud's per-address limit (other processes of this machine count too) is not the user's answer:
        // wait as it says and ask again, instead of ending a login the user may be approving right now.
        await sleep(Math.max(intervalSeconds, error.retryAfterSeconds ?? 0) * 1000, options.signal);
        continue;
      } else if (error.code !== "AUTHORIZATION_PENDING") {
        throw error;
      }
    }
    if (now().getTime() + intervalSeconds * 1000 >= deadline) {
      throw new CloudError("DEVICE_CODE_EXPIRED", "The code expired before it was approved; sign in again");
    }
    await sleep(intervalSeconds * 1000, options.signal);
  }
}

import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient } from "@multiclaw/cloud-client";
import type { DeviceCodeResponse } from "@multiclaw/protocol";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signInDevice, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { createCredentialStore } from "./credential-store.ts";
import { credentialsPath } from "./credentials-path.ts";
import { loginWithDeviceCode } from "./device-login.ts";

describe("multiclaw login: device authorization against a real Cloud", () => {
  let test: TestCloud;
  /** The Cloud's clock runs this far ahead, so polling waits cost no real time. */
  let cloudAhead = 0;
  let home: string;
  beforeAll(async () => {
    test = await startTestCloud({ clock: { now: () => new Date(Date.now() + cloudAhead) } });
  });
  afterAll(() => test.close());
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "multiclaw-login-"));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it("saves the device credential 0600 in a 0700 directory, with the refresh token and no access token", async () => {
    const owner = await signUpPerson(test.cloud.url, "Lena");
    const device = await signInDevice(test.cloud.url, owner);
    try {
      const path = device.store.path;
      expect(path).toBe(join(device.home, "gateway", "credentials.json"));
      expect((await stat(path)).mode & 0o777).toBe(0o600);
      expect((await stat(join(device.home, "gateway"))).mode & 0o777).toBe(0o700);
      expect(await readdir(join(device.home, "gateway"))).toEqual(["credentials.json"]);

      const text = await readFile(path, "utf8");
      expect(device.firstAccessToken).toMatch(/^mca_/);
      expect(text).not.toContain(device.firstAccessToken);
      expect(text).not.toContain("mca_");
      expect(JSON.parse(text)).toEqual({
        version: 1,
        cloudUrl: test.cloud.url,
        workspaceId: owner.workspaceId,
        instanceId: expect.stringMatching(/^ins_/),
        account: { userId: owner.userId, email: owner.email, name: "Lena" },
        refreshToken: expect.stringMatching(/^mcr_/),
        savedAt: expect.any(String),
      });
      // The Cloud lists the new instance in the workspace.
      const instances = await owner.cloud.call("listInstances", {
        params: { workspaceId: owner.workspaceId },
      });
      expect(instances.instances.map((instance) => instance.id)).toEqual([device.credential.instanceId]);
    } finally {
      await device.cleanup();
    }
  });

  it("polls while the code is pending and slows down when the Cloud says so", async () => {
    const owner = await signUpPerson(test.cloud.url, "Paul");
    const store = createCredentialStore({ path: credentialsPath({ MULTICLAW_HOME: home }) });
    let code: DeviceCodeResponse | undefined;
    const waits: number[] = [];
    const credential = await loginWithDeviceCode({
      cloud: createCloudClient({ baseUrl: test.cloud.url, fetch }),
      store,
      instanceName: "pauls-box",
      platform: "linux",
      onCode: (shown) => {
        code = shown;
      },
      async sleep(ms) {
        waits.push(ms);
        // The first wait is cut short (the Cloud's clock does not move), so the next poll is too soon.
        if (waits.length === 1) return;
        cloudAhead += ms;
        await owner.cloud.call("deviceApprove", {
          body: { userCode: code?.userCode ?? "", workspaceId: owner.workspaceId },
        });
      },
    });
    expect(waits).toEqual([5000, 10_000]);
    expect(await store.read()).toEqual(credential);
  });

  it("waits out the Cloud's rate limit on a poll instead of ending the login", async () => {
    const limited = await startTestCloud({ deviceRatePerMinute: 3 });
    const realNow = Date.now.bind(Date);
    let ahead = 0;
    // The limiter counts its minute by Date.now: moving it by each wait makes a Retry-After pass at once.
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + ahead);
    try {
      const owner = await signUpPerson(limited.cloud.url, "Rita");
      const store = createCredentialStore({ path: credentialsPath({ MULTICLAW_HOME: home }) });
      let code: DeviceCodeResponse | undefined;
      const waits: number[] = [];
      const credential = await loginWithDeviceCode({
        cloud: createCloudClient({ baseUrl: limited.cloud.url, fetch }),
        store,
        instanceName: "ritas-box",
        platform: "linux",
        async onCode(shown) {
          code = shown;
          // A neighbour on this machine (the same client address) spends the address's device budget.
          for (let guess = 0; guess < 10; guess++) {
            const answer = await fetch(`${limited.cloud.url}/v1/device/token`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify({ deviceCode: "mcd_a_guess" }),
            });
            if (answer.status === 429) return;
          }
          throw new Error("the Cloud never limited device requests");
        },
        async sleep(ms) {
          waits.push(ms);
          ahead += ms;
          await owner.cloud.call("deviceApprove", {
            body: { userCode: code?.userCode ?? "", workspaceId: owner.workspaceId },
          });
        },
      });
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(5000);
      expect(await store.read()).toEqual(credential);
    } finally {
      vi.restoreAllMocks();
      await limited.close();
    }
  });

  it("reports a denied device and saves nothing", async () => {
    const owner = await signUpPerson(test.cloud.url, "Dora");
    const store = createCredentialStore({ path: credentialsPath({ MULTICLAW_HOME: home }) });
    const attempt = loginWithDeviceCode({
      cloud: createCloudClient({ baseUrl: test.cloud.url, fetch }),
      store,
      instanceName: "unknown-box",
      platform: "other",
      onCode: (shown) =>
        owner.cloud.call("deviceApprove", {
          body: { userCode: shown.userCode, workspaceId: owner.workspaceId, approve: false },
        }),
    });
    await expect(attempt).rejects.toMatchObject({ code: "DEVICE_DENIED" });
    expect(await store.read()).toBeNull();
  });
});

import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { isGatewayApiError } from "@multiclaw/gateway-client";
import { GATEWAY_CLOUD_PREFIX } from "@multiclaw/protocol";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Account, PASSWORD, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { apiTokenOf, storedRefreshTokenOf, userSessionFileOf } from "../testing/user-session-kit.ts";

/*
 * The user session a gateway holds, against a real Cloud and a real gateway process that is itself signed out:
 * signing in and out, what is on disk, a restart, and the access token's refresh (the Cloud's clock is moved
 * forward, so a token expires without waiting).
 */

let cloud: TestCloud;
/** How far the Cloud's clock runs ahead of this machine's. */
let cloudAhead = 0;
let home: string;
let gateway: GatewayProcess;
let ada: Account;

beforeAll(async () => {
  cloud = await startTestCloud({ clock: { now: () => new Date(Date.now() + cloudAhead) } });
});
afterAll(() => cloud.close());
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "multiclaw-user-session-"));
  gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
  ada = await signUpPerson(cloud.cloud.url, "Ada");
});
afterEach(async () => {
  await gateway.kill("SIGTERM");
  await rm(home, { recursive: true, force: true });
});

/** The Cloud's typed client, through the gateway, as the CLI's commands use it. */
async function cloudThroughGateway() {
  return createCloudClient({
    baseUrl: `${gateway.url}${GATEWAY_CLOUD_PREFIX}`,
    fetch,
    auth: staticTokenSource(await apiTokenOf(home)),
  });
}

async function failureOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("the user session", () => {
  it("signs a user in, says who it is with their workspaces, and signs out at the Cloud", async () => {
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
    const signedIn = await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    const expected = {
      state: "signed-in",
      cloudUrl: cloud.cloud.url,
      account: { userId: ada.userId, email: ada.email, name: "Ada" },
      workspaces: [{ workspaceId: ada.workspaceId, name: expect.any(String), role: "owner" }],
    };
    expect(signedIn).toEqual(expected);
    expect(await gateway.client.user()).toEqual(expected);

    const refreshToken = await storedRefreshTokenOf(home);
    const result = await gateway.client.signOutUser();
    expect(result).toEqual({ revokedAtCloud: true });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
    await expect(stat(userSessionFileOf(home))).rejects.toMatchObject({ code: "ENOENT" });
    // The session is over at the Cloud too: its refresh token is refused.
    const anonymous = createCloudClient({ baseUrl: cloud.cloud.url, fetch });
    await expect(anonymous.call("refresh", { body: { refreshToken } })).rejects.toMatchObject({
      code: "AUTH_INVALID",
    });
    // The gateway's log holds neither the password nor the refresh token.
    expect(gateway.output()).not.toContain(PASSWORD);
    expect(gateway.output()).not.toContain(refreshToken);
  });

  it("keeps the refresh token 0600 in the 0700 config directory, and no access token", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    const path = userSessionFileOf(home);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(home, "gateway"))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(home, "gateway"))).toContain("user-session.json");
    const text = await readFile(path, "utf8");
    expect(JSON.parse(text)).toEqual({
      version: 1,
      cloudUrl: cloud.cloud.url,
      account: { userId: ada.userId, email: ada.email, name: "Ada" },
      refreshToken: expect.stringMatching(/^mcr_/),
      savedAt: expect.any(String),
    });
    expect(text).not.toContain("mca_");
    // Nothing else the gateway wrote holds an access token either.
    const entries = await readdir(home, { recursive: true, withFileTypes: true });
    for (const entry of entries.filter((each) => each.isFile())) {
      const content = await readFile(join(entry.parentPath, entry.name));
      expect(content.includes("mca_"), entry.name).toBe(false);
    }
  });

  it("passes on the Cloud's refusal of a wrong password with its code and status", async () => {
    const refused = await failureOf(
      gateway.client.signInUser({ email: ada.email, password: "not the password" }),
    );
    expect(isGatewayApiError(refused)).toBe(true);
    expect(refused).toMatchObject({ code: "AUTH_INVALID", status: 401 });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
    await expect(stat(userSessionFileOf(home))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("signs in to the Cloud named at sign-in while the gateway is signed out, and passes on RATE_LIMITED", async () => {
    const strict = await startTestCloud({ signInRatePerMinute: 2 });
    try {
      const anonymous = createCloudClient({ baseUrl: strict.cloud.url, fetch });
      const grace = await anonymous.call("signUp", {
        body: { email: "grace@example.test", password: PASSWORD, name: "Grace" },
      });
      const signedIn = await gateway.client.signInUser({
        email: "grace@example.test",
        password: PASSWORD,
        cloudUrl: strict.cloud.url,
      });
      expect(signedIn).toMatchObject({ cloudUrl: strict.cloud.url, account: { userId: grace.user.id } });
      // The sign-up and this sign-in used the two attempts a minute: the next is refused with when to retry.
      const refused = await failureOf(
        gateway.client.signInUser({
          email: "grace@example.test",
          password: PASSWORD,
          cloudUrl: strict.cloud.url,
        }),
      );
      expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429 });
      expect((refused as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
      // The session already held is untouched by the refused attempt.
      expect(await gateway.client.user()).toMatchObject({ state: "signed-in", cloudUrl: strict.cloud.url });
    } finally {
      await gateway.client.signOutUser();
      await strict.close();
    }
  });

  it("survives a gateway restart", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    await gateway.kill("SIGTERM");
    gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
    expect(await gateway.client.user()).toMatchObject({
      state: "signed-in",
      account: { userId: ada.userId },
    });
    const agents = await (await cloudThroughGateway()).call("listAgents", {
      params: { workspaceId: ada.workspaceId },
    });
    expect(agents.agents).toEqual([]);
  });

  it("refreshes an expired access token and retries the call, one refresh for concurrent calls", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    const before = await storedRefreshTokenOf(home);
    const client = await cloudThroughGateway();
    // Past the access token's 15 minutes: the gateway still thinks it good, the Cloud answers AUTH_EXPIRED.
    cloudAhead += 16 * 60_000;
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        client.call("listAgents", { params: { workspaceId: ada.workspaceId } }),
      ),
    );
    expect(answers.map((answer) => answer.agents)).toEqual([[], [], [], []]);
    const after = await storedRefreshTokenOf(home);
    expect(after).not.toBe(before);
    // Concurrent refreshes would have presented one refresh token twice, which revokes the session: it lives.
    expect(await gateway.client.user()).toMatchObject({ state: "signed-in" });
    expect(await storedRefreshTokenOf(home)).toBe(after);
  });

  it("ends the session when the Cloud refuses its refresh token, and says to sign in", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    // Someone spends the refresh token behind the gateway's back; the gateway's next refresh is a reuse.
    const anonymous = createCloudClient({ baseUrl: cloud.cloud.url, fetch });
    await anonymous.call("refresh", { body: { refreshToken: await storedRefreshTokenOf(home) } });
    cloudAhead += 16 * 60_000;
    const client = await cloudThroughGateway();
    const refused = await failureOf(client.call("listAgents", { params: { workspaceId: ada.workspaceId } }));
    expect(refused).toMatchObject({ code: "AUTH_REQUIRED", status: 401 });
    expect((refused as Error).message).toContain("sign in as a user first: `multiclaw login`");
    await expect(stat(userSessionFileOf(home))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
  });

  it("signs out on this machine when the Cloud cannot be reached, and says so", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    await gateway.client.blockConnection("cloud-api");
    expect(await gateway.client.signOutUser()).toEqual({ revokedAtCloud: false });
    await expect(stat(userSessionFileOf(home))).rejects.toMatchObject({ code: "ENOENT" });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
  });
});

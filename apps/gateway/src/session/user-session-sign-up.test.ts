import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { isGatewayApiError } from "@multiclaw/gateway-client";
import { GATEWAY_CLOUD_PREFIX } from "@multiclaw/protocol";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PASSWORD, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { apiTokenOf, userSessionFileOf } from "../testing/user-session-kit.ts";

/*
 * Signing up through the gateway (the App's first run has no account yet): the account is created at the Cloud
 * through the egress guard, and the session it answers is kept exactly as a sign-in's — refresh token in the
 * 0600 file, access token in memory — against a real Cloud and a real, signed-out gateway process.
 */

let cloud: TestCloud;
let home: string;
let gateway: GatewayProcess;
let people = 0;

beforeAll(async () => {
  cloud = await startTestCloud();
});
afterAll(() => cloud.close());
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "multiclaw-user-sign-up-"));
  gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
});
afterEach(async () => {
  await gateway.kill("SIGTERM");
  await rm(home, { recursive: true, force: true });
});

function newEmail(name: string): string {
  people += 1;
  return `${name.toLowerCase()}.signup.${process.pid}.${people}@example.test`;
}

async function failureOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: unknown) => error,
  );
}

describe("signing up through the gateway", () => {
  it("creates the account with its personal workspace and keeps the session as sign-in does", async () => {
    const email = newEmail("Grace");
    const signedUp = await gateway.client.call("signUpUser", {
      body: { email, password: PASSWORD, name: "Grace" },
    });
    const expected = {
      state: "signed-in",
      cloudUrl: cloud.cloud.url,
      account: { userId: expect.stringMatching(/^usr_/), email, name: "Grace" },
      workspaces: [{ workspaceId: expect.stringMatching(/^ws_/), name: expect.any(String), role: "owner" }],
    };
    expect(signedUp).toEqual(expected);
    expect(await gateway.client.user()).toEqual(signedUp);

    // The refresh token is on disk, 0600, and no access token is.
    const path = userSessionFileOf(home);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const text = await readFile(path, "utf8");
    expect(JSON.parse(text)).toMatchObject({ cloudUrl: cloud.cloud.url, refreshToken: /^mcr_/ });
    expect(text).not.toContain("mca_");

    // The Cloud acts for the new user through the gateway, as it does after a sign-in.
    const throughGateway = createCloudClient({
      baseUrl: `${gateway.url}${GATEWAY_CLOUD_PREFIX}`,
      fetch,
      auth: staticTokenSource(await apiTokenOf(home)),
    });
    const workspaceId = signedUp.workspaces[0]?.workspaceId as string;
    expect(await throughGateway.call("listAgents", { params: { workspaceId } })).toEqual({ agents: [] });

    // The account really exists at the Cloud: its password signs in there.
    const anonymous = createCloudClient({ baseUrl: cloud.cloud.url, fetch });
    const direct = await anonymous.call("signIn", { body: { email, password: PASSWORD } });
    expect(direct.user.id).toBe(signedUp.account.userId);
    expect(gateway.output()).not.toContain(PASSWORD);
  });

  it("passes on EMAIL_TAKEN for an existing account and keeps no session", async () => {
    const ada = await signUpPerson(cloud.cloud.url, "Ada");
    const refused = await failureOf(
      gateway.client.call("signUpUser", { body: { email: ada.email, password: PASSWORD, name: "Ada" } }),
    );
    expect(isGatewayApiError(refused)).toBe(true);
    expect(refused).toMatchObject({ code: "EMAIL_TAKEN", status: 409 });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
    await expect(stat(userSessionFileOf(home))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("refuses a password shorter than the Cloud's minimum before asking the Cloud", async () => {
    const refused = await failureOf(
      gateway.client.call("signUpUser", {
        body: { email: newEmail("Short"), password: "short", name: "Short" },
      }),
    );
    expect(refused).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
  });

  it("signs up at the Cloud named while the gateway is signed out, and says when nothing answers there", async () => {
    const other = "http://127.0.0.1:9";
    const refused = await failureOf(
      gateway.client.call("signUpUser", {
        body: { email: newEmail("Lin"), password: PASSWORD, name: "Lin", cloudUrl: other },
      }),
    );
    // The gateway is signed out, so the named Cloud is the one asked; nothing listens on port 9.
    expect(refused).toMatchObject({ code: "UNAVAILABLE" });
    expect(await gateway.client.user()).toEqual({ state: "signed-out" });
  });
});

import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient } from "@multiclaw/cloud-client";
import pino from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Account, PASSWORD, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { createUserSessionStore, type UserSessionStore, userSessionPath } from "../credentials/index.ts";
import { createUserSession, type UserSession } from "./user-session.ts";

/*
 * The user session in-process against a real Cloud: which Cloud a user signs in to beside a signed-in gateway,
 * and what happens to a session another sign-in or a sign-out replaces while its refresh is under way.
 */

let cloud: TestCloud;
let cloudAhead = 0;
let home: string;
let store: UserSessionStore;
let gatewayCloud: string | undefined;
let user: UserSession;
let ada: Account;

beforeAll(async () => {
  cloud = await startTestCloud({ clock: { now: () => new Date(Date.now() + cloudAhead) } });
});
afterAll(() => cloud.close());
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "multiclaw-user-switch-"));
  store = createUserSessionStore({ path: userSessionPath(join(home, "gateway")) });
  gatewayCloud = undefined;
  user = createUserSession({
    store,
    fetch,
    gatewayCloudUrl: () => gatewayCloud,
    defaultCloudUrl: cloud.cloud.url,
    logger: pino({ level: "silent" }),
  });
  await user.start();
  ada = await signUpPerson(cloud.cloud.url, "Ada");
});
afterEach(async () => {
  user.close();
  await rm(home, { recursive: true, force: true });
});

const listAgents = (workspaceId: string) => ({
  method: "GET",
  target: `/v1/workspaces/${workspaceId}/agents`,
  headers: {},
});

describe("the user session beside the gateway's own sign-in", () => {
  it("signs in to the gateway's Cloud, and refuses another while the gateway is signed in", async () => {
    gatewayCloud = `${cloud.cloud.url}/`;
    await expect(
      user.signIn({ email: ada.email, password: PASSWORD, cloudUrl: "http://127.0.0.1:9" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await store.read()).toBeNull();
    const signedIn = await user.signIn({ email: ada.email, password: PASSWORD });
    expect(signedIn.cloudUrl).toBe(cloud.cloud.url);

    // The gateway moved to another Cloud: the user's session does not follow it there.
    gatewayCloud = "http://127.0.0.1:9";
    await expect(user.forward(listAgents(ada.workspaceId))).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("revokes the session a new sign-in replaces, and keeps the new one on disk", async () => {
    await user.signIn({ email: ada.email, password: PASSWORD });
    const first = (await store.read())?.refreshToken as string;
    const bob = await signUpPerson(cloud.cloud.url, "Bob");
    await user.signIn({ email: bob.email, password: PASSWORD });
    expect((await store.read())?.account.userId).toBe(bob.userId);
    const anonymous = createCloudClient({ baseUrl: cloud.cloud.url, fetch });
    await expect
      .poll(() => anonymous.call("refresh", { body: { refreshToken: first } }).catch((e) => e.code))
      .toBe("AUTH_INVALID");
    const answer = await user.forward(listAgents(bob.workspaceId));
    expect(answer.status).toBe(200);
  });

  it("does not bring a signed-out session back when its refresh finishes after the sign-out", async () => {
    await user.signIn({ email: ada.email, password: PASSWORD });
    cloudAhead += 16 * 60_000;
    // The forward refreshes (the Cloud calls the token expired); the sign-out lands while that is under way.
    const forwarded = user.forward(listAgents(ada.workspaceId)).catch((error: unknown) => error);
    const signedOut = user.signOut();
    await Promise.all([forwarded, signedOut]);
    await expect(stat(store.path)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await user.current()).toEqual({ state: "signed-out" });
  });
});

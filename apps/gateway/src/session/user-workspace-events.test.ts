import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, plainWebSocket, recordingLogger } from "../cloud-link/test-link-kit.ts";
import type { FollowedWorkspace, WorkspaceFeedEvent } from "../local-api/local-api-deps.ts";
import { waitFor } from "../testing/wait-for.ts";
import { followUserWorkspaceEvents, type UserEventAccess } from "./user-workspace-events.ts";

/*
 * A workspace's task events as a user hears them, against the real Cloud: the Cloud's event stream takes a
 * user's access token as it takes a device's, so a member invited to a teammate's workspace can follow it.
 */

let cloud: TestCloud;
let owner: { token: string; workspaceId: string };
let guest: { token: string; workspaceId: string };
const opened: FollowedWorkspace[] = [];

async function signUp(name: string) {
  const anonymous = createCloudClient({ baseUrl: cloud.cloud.url, fetch });
  const email = `${name.toLowerCase()}.${process.pid}@example.test`;
  const answer = await anonymous.call("signUp", { body: { email, password: PASSWORD, name } });
  return { token: answer.tokens.accessToken, workspaceId: answer.workspaces[0]?.id as string };
}

function asUser(token: string) {
  return createCloudClient({ baseUrl: cloud.cloud.url, fetch }).withAuth(staticTokenSource(token));
}

beforeAll(async () => {
  cloud = await startTestCloud();
  owner = await signUp("Ada");
  guest = await signUp("Grace");
  const invitation = await asUser(owner.token).call("createInvitation", {
    params: { workspaceId: owner.workspaceId },
    body: { role: "member", expiresInHours: 1 },
  });
  await asUser(guest.token).call("acceptInvitation", { body: { token: invitation.token } });
}, 60_000);

afterAll(async () => {
  for (const followed of opened) followed.close();
  await cloud?.close();
});

/** Follows `workspaceId` with `access`; counts the connections it opens (each one under its cause). */
function follow(workspaceId: string, access: UserEventAccess) {
  const logger = recordingLogger();
  const events: WorkspaceFeedEvent[] = [];
  let connections = 0;
  const followed = followUserWorkspaceEvents({
    workspaceId,
    access,
    openSocket: plainWebSocket,
    withinCause(work) {
      connections += 1;
      return work();
    },
    logger,
    backoff: { initialDelayMs: 1, maxDelayMs: 5 },
  });
  opened.push(followed);
  followed.onEvent((event) => events.push(event));
  return { followed, events, logger, connections: () => connections };
}

function access(tokens: { first: string; renewed?: string }, renewals: string[] = []): UserEventAccess {
  let current = tokens.first;
  return {
    cloudUrl: () => cloud.cloud.url,
    accessToken: async () => current,
    async renewAccessToken(refused) {
      renewals.push(refused);
      current = tokens.renewed ?? current;
      return current;
    },
  };
}

describe("a workspace's events heard as its user", () => {
  it("follows a teammate's workspace with the user's own token and hands on its task events", async () => {
    const { followed, events } = follow(owner.workspaceId, access({ first: guest.token }));
    await waitFor("the stream to be live", async () => followed.status().live || undefined);
    // Every welcome asks for a resync: the stream is live only, what came before is in the Cloud's list.
    expect(events).toEqual([{ name: "tasks-resync", workspaceId: owner.workspaceId }]);

    const task = await asUser(owner.token).call("createTask", {
      params: { workspaceId: owner.workspaceId },
      body: { title: "Renew the certificate" },
      idempotencyKey: "user-events-task",
    });
    const heard = await waitFor("the task's event", async () =>
      events.find((event) => event.name !== "tasks-resync" && event.task.id === task.id),
    );
    expect(heard).toMatchObject({ workspaceId: owner.workspaceId, task: { title: "Renew the certificate" } });
    followed.close();
    expect(followed.status().live).toBe(false);
  });

  it("renews a refused token and connects with the fresh one", async () => {
    const renewals: string[] = [];
    const { followed } = follow(
      owner.workspaceId,
      access({ first: "not-a-token", renewed: guest.token }, renewals),
    );
    await waitFor("the stream to be live", async () => followed.status().live || undefined);
    expect(renewals).toEqual(["not-a-token"]);
  });

  it("stays down, without reconnecting, in a workspace the user is not a member of", async () => {
    const { followed, logger, connections } = follow(guest.workspaceId, access({ first: owner.token }));
    await waitFor("the refusal", async () => logger.lines.find((line) => line.includes("not reconnecting")));
    expect(followed.status().live).toBe(false);
    expect(connections()).toBe(1);
  });

  it("tries again, with backoff, while no user is signed in", async () => {
    let signedIn = false;
    const { followed, connections } = follow(owner.workspaceId, {
      cloudUrl: () => cloud.cloud.url,
      async accessToken() {
        if (!signedIn) throw new Error("No user is signed in through this gateway");
        return guest.token;
      },
      renewAccessToken: async () => guest.token,
    });
    expect(connections()).toBe(0);
    signedIn = true;
    await waitFor("the stream to be live", async () => followed.status().live || undefined);
    expect(connections()).toBe(1);
  });
});

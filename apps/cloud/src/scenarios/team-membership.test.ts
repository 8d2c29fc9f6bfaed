import { eventCloseCodes } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, EventClient, loginInstance, signUp } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

describe("two users, one workspace", () => {
  let test: TestCloud;
  let url: string;
  beforeAll(async () => {
    test = await startTestCloud();
    url = test.cloud.url;
  });
  afterAll(() => test.close());

  it("invites, accepts, shares agents, and cuts a removed member off within a second", async () => {
    const owner = await signUp(url, "Olga");
    const teammate = await signUp(url, "Tomas");
    const workspaceId = owner.workspaces[0]?.id as string;
    const ownerToken = owner.tokens.accessToken;
    const teammateToken = teammate.tokens.accessToken;

    const agent = await call<{ id: string }>(url, "POST", `/v1/workspaces/${workspaceId}/agents`, {
      token: ownerToken,
      body: { name: "Researcher", provider: "anthropic", model: "claude-sonnet-4-5" },
    });
    expect(agent.status).toBe(201);

    // Before joining, the teammate cannot tell the workspace exists.
    const before = await call(url, "GET", `/v1/workspaces/${workspaceId}/agents`, { token: teammateToken });
    expect(before.status).toBe(404);

    const invitation = await call<{ token: string; url: string }>(
      url,
      "POST",
      `/v1/workspaces/${workspaceId}/invitations`,
      { token: ownerToken, body: { role: "member", expiresInHours: 24 } },
    );
    expect(invitation.status).toBe(201);
    expect(invitation.body.url).toContain(invitation.body.token);

    const preview = await call<{ workspaceName: string; invitedBy: string }>(
      url,
      "POST",
      "/v1/invitations/preview",
      {
        token: teammateToken,
        body: { token: invitation.body.token },
      },
    );
    expect(preview.body).toMatchObject({ invitedBy: "Olga", workspaceName: "Olga's workspace" });

    const accepted = await call<{ workspace: { id: string; role: string } }>(
      url,
      "POST",
      "/v1/invitations/accept",
      {
        token: teammateToken,
        body: { token: invitation.body.token },
      },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.workspace).toMatchObject({ id: workspaceId, role: "member" });

    // Single use: the same link does not work twice.
    const again = await call<{ code: string }>(url, "POST", "/v1/invitations/accept", {
      token: (await signUp(url, "Eve")).tokens.accessToken,
      body: { token: invitation.body.token },
    });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe("INVITATION_INVALID");

    const agents = await call<{ agents: Array<{ id: string }> }>(
      url,
      "GET",
      `/v1/workspaces/${workspaceId}/agents`,
      {
        token: teammateToken,
      },
    );
    expect(agents.status).toBe(200);
    expect(agents.body.agents.map((a) => a.id)).toEqual([agent.body.id]);

    // A member may read settings but not change them.
    const edit = await call<{ code: string }>(
      url,
      "PATCH",
      `/v1/workspaces/${workspaceId}/agents/${agent.body.id}`,
      {
        token: teammateToken,
        body: { name: "Mine now" },
      },
    );
    expect(edit.status).toBe(403);
    expect(edit.body.code).toBe("FORBIDDEN");

    // The teammate is connected twice: as a user session and as a signed-in instance.
    const instance = await loginInstance(url, teammateToken, workspaceId);
    const userStream = new EventClient(test.cloud.eventsUrl, { token: teammateToken, workspaceId });
    const instanceStream = new EventClient(test.cloud.eventsUrl, {
      token: instance.tokens.accessToken,
      workspaceId,
    });
    await Promise.all([userStream.welcomed(), instanceStream.welcomed()]);

    const removedAt = Date.now();
    const removal = await call(url, "DELETE", `/v1/workspaces/${workspaceId}/members/${teammate.user.id}`, {
      token: ownerToken,
    });
    expect(removal.status).toBe(204);
    const codes = await Promise.all([userStream.closed, instanceStream.closed]);
    expect(Date.now() - removedAt).toBeLessThan(1000);
    expect(codes).toEqual([eventCloseCodes.MEMBERSHIP_REVOKED, expect.any(Number)]);

    // Every later request of theirs fails: the user gets "no such workspace", the instance is revoked.
    const afterUser = await call(url, "GET", `/v1/workspaces/${workspaceId}/agents`, {
      token: teammateToken,
    });
    expect(afterUser.status).toBe(404);
    const afterInstance = await call<{ code: string }>(url, "GET", `/v1/workspaces/${workspaceId}/config`, {
      token: instance.tokens.accessToken,
    });
    expect(afterInstance.status).toBe(401);
    const refreshed = await call(url, "POST", "/v1/auth/refresh", {
      body: { refreshToken: instance.tokens.refreshToken },
    });
    expect(refreshed.status).toBe(401);
    const reconnect = new EventClient(test.cloud.eventsUrl, { token: teammateToken, workspaceId });
    await reconnect.closed;
    expect(reconnect.frames.some((frame) => frame.type === "welcome")).toBe(false);
  });

  it("keeps at least one owner", async () => {
    const owner = await signUp(url, "Solo");
    const workspaceId = owner.workspaces[0]?.id as string;
    const leave = await call<{ code: string }>(
      url,
      "DELETE",
      `/v1/workspaces/${workspaceId}/members/${owner.user.id}`,
      {
        token: owner.tokens.accessToken,
      },
    );
    expect(leave.status).toBe(409);
    expect(leave.body.code).toBe("LAST_OWNER");
  });

  it("refuses an expired invitation", async () => {
    const owner = await signUp(url, "Kim");
    const workspaceId = owner.workspaces[0]?.id as string;
    const invitation = await call<{ id: string; token: string }>(
      url,
      "POST",
      `/v1/workspaces/${workspaceId}/invitations`,
      {
        token: owner.tokens.accessToken,
        body: { expiresInHours: 1 },
      },
    );
    await test.database.db
      .updateTable("invitations")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", invitation.body.id)
      .execute();
    const joiner = await signUp(url, "Lee");
    const accept = await call<{ code: string }>(url, "POST", "/v1/invitations/accept", {
      token: joiner.tokens.accessToken,
      body: { token: invitation.body.token },
    });
    expect(accept.status).toBe(410);
    expect(accept.body.code).toBe("INVITATION_INVALID");
  });
});

import type { EventFrame } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, EventClient, loginInstance, signUp } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

describe("config changes reach instances live and after a gap", () => {
  let test: TestCloud;
  let url: string;
  beforeAll(async () => {
    test = await startTestCloud();
    url = test.cloud.url;
  });
  afterAll(() => test.close());

  async function teamWithInstance() {
    const admin = await signUp(url, "Ana");
    const workspaceId = admin.workspaces[0]?.id as string;
    const invitation = await call<{ token: string }>(
      url,
      "POST",
      `/v1/workspaces/${workspaceId}/invitations`,
      {
        token: admin.tokens.accessToken,
        body: {},
      },
    );
    const teammate = await signUp(url, "Ben");
    await call(url, "POST", "/v1/invitations/accept", {
      token: teammate.tokens.accessToken,
      body: { token: invitation.body.token },
    });
    const instance = await loginInstance(url, teammate.tokens.accessToken, workspaceId, "bens-laptop");
    const agent = await call<{ id: string; revision: number }>(
      url,
      "POST",
      `/v1/workspaces/${workspaceId}/agents`,
      {
        token: admin.tokens.accessToken,
        body: { name: "Writer", provider: "openai", model: "gpt-5" },
      },
    );
    return { admin, teammate, instance, workspaceId, agentId: agent.body.id };
  }

  it("delivers one user's change to another user's instance as an event", async () => {
    const { admin, instance, workspaceId, agentId } = await teamWithInstance();
    const stream = new EventClient(test.cloud.eventsUrl, { token: instance.tokens.accessToken, workspaceId });
    await stream.welcomed();

    const update = await call<{ revision: number }>(
      url,
      "PATCH",
      `/v1/workspaces/${workspaceId}/agents/${agentId}`,
      {
        token: admin.tokens.accessToken,
        body: { instructions: "Write plainly." },
      },
    );
    expect(update.status).toBe(200);
    await stream.until((client) => client.events().some((frame) => frame.event.name === "config-changed"));
    const change = stream.events().find((frame) => frame.event.name === "config-changed") as EventFrame;
    expect(change.event).toEqual({
      name: "config-changed",
      revision: update.body.revision,
      scope: "agents",
      agentId,
      changedBy: admin.user.id,
    });

    // The instance fetches what changed: just that agent.
    const delta = await call<{
      agentsChanged: Array<{ id: string; instructions: string }>;
      revision: number;
    }>(url, "GET", `/v1/workspaces/${workspaceId}/config/delta?since=${update.body.revision - 1}`, {
      token: instance.tokens.accessToken,
    });
    expect(delta.status).toBe(200);
    expect(delta.body.agentsChanged).toEqual([
      expect.objectContaining({ id: agentId, instructions: "Write plainly." }),
    ]);
    stream.close();
  });

  it("gives a client that missed 100 events all 100, in order, none twice", async () => {
    const { admin, instance, workspaceId, agentId } = await teamWithInstance();
    const first = new EventClient(test.cloud.eventsUrl, { token: instance.tokens.accessToken, workspaceId });
    await first.welcomed();
    const welcome = first.frames.find((frame) => frame.type === "welcome");
    const lastSeq = welcome?.type === "welcome" ? welcome.seq : -1;
    first.close();
    await first.closed;

    for (let i = 0; i < 100; i++) {
      const result = await call(url, "PATCH", `/v1/workspaces/${workspaceId}/agents/${agentId}`, {
        token: admin.tokens.accessToken,
        body: { name: `Writer ${i}` },
      });
      expect(result.status).toBe(200);
    }

    const again = new EventClient(test.cloud.eventsUrl, {
      token: instance.tokens.accessToken,
      workspaceId,
      lastSeq,
    });
    const changes = (client: EventClient) =>
      client.events().filter((frame) => frame.event.name === "config-changed");
    await again.until((client) => changes(client).length >= 100);
    // A change made after the reconnect arrives once, after the replay.
    await call(url, "PATCH", `/v1/workspaces/${workspaceId}/agents/${agentId}`, {
      token: admin.tokens.accessToken,
      body: { name: "Writer final" },
    });
    await again.until((client) => changes(client).length >= 101);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Every event after lastSeq, numbered without a gap or a repeat (presence events are interleaved)…
    const seqs = again.events().map((frame) => frame.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => lastSeq + 1 + i));
    // …and the 101 changes, in the order they were made.
    const revisions = changes(again).map((frame) =>
      frame.event.name === "config-changed" ? frame.event.revision : 0,
    );
    expect(revisions.every((revision, i) => i === 0 || revision > (revisions[i - 1] ?? 0))).toBe(true);
    expect(changes(again)).toHaveLength(101);
    again.close();
  });

  it("answers an unchanged snapshot with 304", async () => {
    const { admin, instance, workspaceId, agentId } = await teamWithInstance();
    const token = instance.tokens.accessToken;
    const snapshot = await call<{ revision: number; agents: unknown[] }>(
      url,
      "GET",
      `/v1/workspaces/${workspaceId}/config`,
      {
        token,
      },
    );
    expect(snapshot.status).toBe(200);
    const etag = snapshot.headers.get("etag") as string;
    expect(etag).toBeTruthy();
    expect(snapshot.headers.get("cache-control")).toBe("no-store");
    const unchanged = await call(url, "GET", `/v1/workspaces/${workspaceId}/config`, {
      token,
      headers: { "if-none-match": etag },
    });
    expect(unchanged.status).toBe(304);
    await call(url, "DELETE", `/v1/workspaces/${workspaceId}/agents/${agentId}`, {
      token: admin.tokens.accessToken,
    });
    const changed = await call<{ agents: unknown[] }>(url, "GET", `/v1/workspaces/${workspaceId}/config`, {
      token,
      headers: { "if-none-match": etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.agents).toEqual([]);
    const delta = await call<{ agentsDeleted: string[] }>(
      url,
      "GET",
      `/v1/workspaces/${workspaceId}/config/delta?since=${snapshot.body.revision}`,
      { token },
    );
    expect(delta.body.agentsDeleted).toEqual([agentId]);
  });

  it("serves config sync only to instances", async () => {
    const { admin, workspaceId } = await teamWithInstance();
    const result = await call<{ code: string }>(url, "GET", `/v1/workspaces/${workspaceId}/config`, {
      token: admin.tokens.accessToken,
    });
    expect(result.status).toBe(403);
    expect(result.body.code).toBe("FORBIDDEN");
  });
});

import { describe, expect, it } from "vitest";
import { createConfigState } from "./config-state.ts";
import { createConfigSync } from "./config-sync.ts";
import { recordingLogger } from "./test-link-kit.ts";
import { instanceId, json, problem, scriptedCloud, workspaceId } from "./test-scripted-cloud.ts";

function snapshotAt(revision: number) {
  return {
    workspaceId,
    instanceId,
    revision,
    workspaceName: "Team",
    agents: [],
    providerKeys: [],
    members: [],
  };
}

describe("config sync", () => {
  it("falls back to a snapshot when the Cloud refuses the delta", async () => {
    let cloudRevision = 3;
    const { cloud, requests } = scriptedCloud((path) => {
      if (path.includes("/config/delta")) return problem(400, "VALIDATION_FAILED");
      return json(200, snapshotAt(cloudRevision), { etag: `"${workspaceId}.${cloudRevision}"` });
    });
    const state = createConfigState();
    const synced: number[] = [];
    const sync = createConfigSync({
      cloud,
      workspaceId,
      state,
      logger: recordingLogger(),
      onSynced: (revision) => synced.push(revision),
    });
    await sync.catchUp();
    cloudRevision = 5;
    await sync.revisionSeen(5);
    expect(state.current()?.revision).toBe(5);
    expect(requests.map((request) => request.path)).toEqual([
      `/v1/workspaces/${workspaceId}/config`,
      `/v1/workspaces/${workspaceId}/config/delta?since=3`,
      `/v1/workspaces/${workspaceId}/config`,
    ]);
    // The fallback snapshot is conditional on the ETag it already has.
    expect(requests[2]?.headers["if-none-match"]).toBe(`"${workspaceId}.3"`);
    expect(synced).toEqual([3, 5]);
    // An announced revision it already has costs nothing.
    await sync.revisionSeen(4);
    expect(requests).toHaveLength(3);
  });

  it("merges announcements that arrive during a sync into one follow-up", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let revision = 1;
    const { cloud, requests } = scriptedCloud(async (path) => {
      if (path.endsWith("/config")) return json(200, snapshotAt(1));
      await gate;
      const from = Number(new URL(`http://x${path}`).searchParams.get("since"));
      return json(200, { workspaceId, fromRevision: from, revision, agentsChanged: [], agentsDeleted: [] });
    });
    const state = createConfigState();
    const sync = createConfigSync({
      cloud,
      workspaceId,
      state,
      logger: recordingLogger(),
      onSynced: () => undefined,
    });
    await sync.catchUp();
    revision = 2;
    const running = sync.revisionSeen(2);
    revision = 4;
    const merged = [sync.revisionSeen(3), sync.revisionSeen(4)];
    release();
    await Promise.all([running, ...merged]);
    expect(state.current()?.revision).toBe(4);
    expect(requests.filter((request) => request.path.includes("/delta"))).toHaveLength(2);
  });
});

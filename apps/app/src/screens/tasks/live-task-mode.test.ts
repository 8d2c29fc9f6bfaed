import { describe, expect, it } from "vitest";
import { LIVE_REFRESH_MS, liveTaskMode, POLL_REFRESH_MS, refreshIntervalOf } from "./live-task-mode.ts";

const shown = "ws_01jc0000000000000000000000";
const elsewhere = "ws_01jc0000000000000000000001";

describe("how live the task list is", () => {
  it("is live only when the socket is open and the gateway's Cloud stream for this workspace is up", () => {
    expect(liveTaskMode(shown, "open", { workspaceId: shown, live: true })).toBe("live");
    expect(liveTaskMode(shown, "open", { workspaceId: shown, live: false })).toBe("waiting");
    expect(liveTaskMode(shown, "reconnecting", { workspaceId: shown, live: true })).toBe("waiting");
    expect(liveTaskMode(shown, "connecting", null)).toBe("connecting");
  });

  it("says when the gateway follows another workspace, or none", () => {
    expect(liveTaskMode(shown, "open", { workspaceId: elsewhere, live: true })).toBe("other-workspace");
    expect(liveTaskMode(shown, "open", { workspaceId: null, live: false })).toBe("other-workspace");
  });

  it("polls slowly only while live", () => {
    expect(refreshIntervalOf.live).toBe(LIVE_REFRESH_MS);
    expect(LIVE_REFRESH_MS).toBe(30_000);
    for (const mode of ["connecting", "waiting", "other-workspace"] as const) {
      expect(refreshIntervalOf[mode]).toBe(POLL_REFRESH_MS);
    }
  });
});

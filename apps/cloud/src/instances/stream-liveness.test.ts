import { describe, expect, it } from "vitest";
import type { PresenceService } from "./presence-service.ts";
import { createStreamLiveness } from "./stream-liveness.ts";

function recordingPresence() {
  const calls: Array<[string, ...unknown[]]> = [];
  const presence = {
    markStreamConnected: async (...args: unknown[]) => void calls.push(["connected", ...args]),
    markStreamDisconnected: async (...args: unknown[]) => void calls.push(["disconnected", ...args]),
    touchConnected: async (ids: readonly string[]) => void calls.push(["touch", [...ids]]),
  } as unknown as PresenceService;
  return { presence, calls };
}

describe("stream liveness", () => {
  it("keeps instances with an open stream alive and lets go only when their last stream closes", async () => {
    const { presence, calls } = recordingPresence();
    const liveness = createStreamLiveness(presence, 40);
    liveness.start();
    liveness.connected("ins_a", "ws_1");
    liveness.connected("ins_a", "ws_1");
    liveness.connected("ins_b", "ws_1");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(calls).toContainEqual(["touch", ["ins_a", "ins_b"]]);

    liveness.disconnected("ins_a", "ws_1");
    expect(liveness.openInstances()).toEqual(["ins_a", "ins_b"]);
    expect(calls.filter(([kind]) => kind === "disconnected")).toEqual([]);
    liveness.disconnected("ins_a", "ws_1");
    expect(liveness.openInstances()).toEqual(["ins_b"]);
    expect(calls).toContainEqual(["disconnected", "ins_a", "ws_1"]);

    calls.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(
      calls.filter(([kind]) => kind === "touch").every(([, ids]) => JSON.stringify(ids) === '["ins_b"]'),
    ).toBe(true);
    liveness.stop();
  });
});

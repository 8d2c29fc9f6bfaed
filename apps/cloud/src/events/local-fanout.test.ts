import { describe, expect, it } from "vitest";
import type { FanoutMessage } from "./fanout.ts";
import { createLocalFanout } from "./local-fanout.ts";

const message: FanoutMessage = { kind: "close-instance", instanceId: "ins_1" };

describe("local fan-out", () => {
  it("hands a message to every subscriber before publish returns", async () => {
    const fanout = createLocalFanout();
    const seen: string[] = [];
    fanout.subscribe((received) => seen.push(`a:${received.kind}`));
    fanout.subscribe((received) => seen.push(`b:${received.kind}`));

    const publishing = fanout.publish(message);
    expect(seen).toEqual(["a:close-instance", "b:close-instance"]);
    await publishing;
  });

  it("stops delivering to a subscriber that unsubscribed", async () => {
    const fanout = createLocalFanout();
    const seen: FanoutMessage[] = [];
    const unsubscribe = fanout.subscribe((received) => seen.push(received));
    await fanout.publish(message);
    unsubscribe();
    await fanout.publish(message);
    expect(seen).toEqual([message]);
  });

  it("still reaches the other subscribers when one throws, then reports the failure", async () => {
    const fanout = createLocalFanout();
    const seen: FanoutMessage[] = [];
    fanout.subscribe(() => {
      throw new Error("subscriber broke");
    });
    fanout.subscribe((received) => seen.push(received));

    await expect(fanout.publish(message)).rejects.toThrow("subscriber broke");
    expect(seen).toEqual([message]);
  });

  it("is always healthy", async () => {
    await expect(createLocalFanout().isHealthy()).resolves.toBe(true);
  });
});

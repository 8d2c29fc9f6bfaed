import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "./event-test-kit.ts";
import type { Fanout, FanoutMessage } from "./fanout.ts";
import { createRedisFanout } from "./redis-fanout.ts";

const REDIS_URL = process.env.MULTICLAW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

describe("Redis fan-out", () => {
  const opened: Fanout[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((fanout) => fanout.close()));
  });

  /** Two nodes on a channel of their own, so parallel test runs do not hear each other. */
  async function twoNodes(): Promise<[Fanout, Fanout]> {
    const channel = `multiclaw:test:${randomBytes(6).toString("hex")}`;
    const a = await createRedisFanout({ url: REDIS_URL, logger: silentLogger, nodeId: "node-a", channel });
    opened.push(a);
    const b = await createRedisFanout({ url: REDIS_URL, logger: silentLogger, nodeId: "node-b", channel });
    opened.push(b);
    return [a, b];
  }

  function record(fanout: Fanout): FanoutMessage[] {
    const seen: FanoutMessage[] = [];
    fanout.subscribe((message) => seen.push(message));
    return seen;
  }

  async function until(check: () => boolean): Promise<void> {
    const deadline = Date.now() + 5000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error("Timed out");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  it("carries a message published on one node to the other node's subscribers", async () => {
    const [a, b] = await twoNodes();
    const onA = record(a);
    const onB = record(b);
    const event: FanoutMessage = { kind: "event", workspaceId: "ws_x", seq: 1, frame: '{"type":"event"}' };
    const control: FanoutMessage = { kind: "close-member", workspaceId: "ws_x", userId: "usr_y" };

    await a.publish(event);
    await until(() => onB.length === 1);
    await b.publish(control);

    await until(() => onA.length === 2);
    expect(onA).toEqual([event, control]);
    expect(onB).toEqual([event, control]);
  });

  it("delivers to its own subscribers at once and not again when Redis echoes the message", async () => {
    const [a, b] = await twoNodes();
    const onA = record(a);
    const onB = record(b);
    const message: FanoutMessage = { kind: "close-instance", instanceId: "ins_z" };

    const publishing = a.publish(message);
    expect(onA).toEqual([message]);
    await publishing;
    await until(() => onB.length === 1);
    // b has heard it through Redis, so a's own copy has come back by now too; a must still have it once.
    await b.publish({ kind: "close-family", familyId: "fam_marker" });
    await until(() => onA.length === 2);
    expect(onA).toEqual([message, { kind: "close-family", familyId: "fam_marker" }]);
  });

  it("still reaches the other nodes when a local subscriber throws, then reports the failure", async () => {
    const [a, b] = await twoNodes();
    a.subscribe(() => {
      throw new Error("local subscriber broke");
    });
    const onB = record(b);
    const message: FanoutMessage = { kind: "close-family", familyId: "fam_q" };

    await expect(a.publish(message)).rejects.toThrow("local subscriber broke");

    await until(() => onB.length === 1);
    expect(onB).toEqual([message]);
  });

  it("reports itself healthy while Redis answers", async () => {
    const [a] = await twoNodes();
    await expect(a.isHealthy()).resolves.toBe(true);
  });

  it("refuses to start when Redis cannot be reached", async () => {
    await expect(createRedisFanout({ url: "redis://127.0.0.1:1", logger: silentLogger })).rejects.toThrow(
      "Cannot reach Redis",
    );
  });
});

import { describe, expect, it } from "vitest";
import type { FanoutMessage } from "./fanout.ts";
import { decodeFanoutMessage, encodeFanoutMessage, senderOf } from "./fanout-codec.ts";

describe("fan-out codec", () => {
  const messages: FanoutMessage[] = [
    {
      kind: "event",
      workspaceId: "ws_01jz",
      seq: 42,
      frame: JSON.stringify({ type: "event", note: "a | in the frame, and \n a newline" }),
    },
    { kind: "close-member", workspaceId: "ws_01jz", userId: "usr_01jz" },
    { kind: "close-instance", instanceId: "ins_01jz" },
    { kind: "close-family", familyId: "fam_01jz" },
  ];

  it.each(messages)("round-trips a $kind message with its sender", (message) => {
    const payload = encodeFanoutMessage("node-a", message);
    expect(senderOf(payload)).toBe("node-a");
    expect(decodeFanoutMessage(payload)).toEqual({ nodeId: "node-a", message });
  });

  it("carries an event's frame unescaped, so it is serialised only once", () => {
    const frame = '{"type":"event","seq":7}';
    const payload = encodeFanoutMessage("n", { kind: "event", workspaceId: "ws_x", seq: 7, frame });
    expect(payload.endsWith(frame)).toBe(true);
  });

  it.each([
    "",
    "node-a",
    "node-a|x|whatever",
    "node-a|e|ws_x|not-a-number|{}",
    "node-a|e|ws_x",
    'node-a|c|{"kind":"close-member","workspaceId":"ws_x"}',
    'node-a|c|{"kind":"reboot"}',
    "node-a|c|not json",
  ])("refuses the malformed payload %j", (payload) => {
    expect(() => decodeFanoutMessage(payload)).toThrow();
  });
});

import { describe, expect, it } from "vitest";
import { benchEventBody } from "./pusher-event.ts";

describe("the Soketi bench event", () => {
  it("pads the frame subscribers receive to the requested size", () => {
    for (const size of [200, 240, 377]) {
      expect(Buffer.byteLength(benchEventBody(7, size).frame)).toBe(size);
    }
  });

  it("carries the same data in the trigger body as in the delivered frame", () => {
    const { body, frame } = benchEventBody(2, 240);
    const sent = JSON.parse(body) as { name: string; channel: string; data: string };
    const received = JSON.parse(frame) as { event: string; channel: string; data: string };
    expect(received).toEqual({ event: sent.name, channel: sent.channel, data: sent.data });
    expect(JSON.parse(sent.data)).toMatchObject({ name: "config-changed", revision: 2 });
  });
});

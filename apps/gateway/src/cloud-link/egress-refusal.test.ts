import { EgressBlockedError } from "@multiclaw/egress/node";
import { describe, expect, it } from "vitest";
import { describeRefusal, egressRefusalIn, parseEgressRefusal } from "./egress-refusal.ts";

describe("reading an egress refusal back", () => {
  const guardError = new EgressBlockedError(
    "cloud-events",
    "you blocked it (multiclaw connections unblock cloud-events)",
    "http://127.0.0.1:4800",
  );

  it("finds the guard's error under fetch's and the Cloud client's wrappers", () => {
    const fetchFailed = new TypeError("fetch failed", { cause: guardError });
    const wrapped = Object.assign(new Error(guardError.message, { cause: fetchFailed }), {
      code: "EGRESS_BLOCKED",
    });
    expect(egressRefusalIn(wrapped)).toEqual({
      rowId: "cloud-events",
      reason: "you blocked it (multiclaw connections unblock cloud-events)",
      message: guardError.message,
    });
    // A WebSocket error event carries it as `error`.
    expect(egressRefusalIn({ type: "error", error: guardError })?.rowId).toBe("cloud-events");
    expect(
      egressRefusalIn(new TypeError("fetch failed", { cause: new Error("ECONNREFUSED") })),
    ).toBeUndefined();
  });

  it("reads the row and the reason from the guard's message alone", () => {
    expect(parseEgressRefusal(guardError.message)).toEqual({
      rowId: "cloud-events",
      reason: "you blocked it (multiclaw connections unblock cloud-events)",
      message: guardError.message,
    });
    const noRow = parseEgressRefusal(
      "egress blocked: https://elsewhere.example:443: not in the connection inventory",
    );
    expect(noRow).toMatchObject({ rowId: undefined, reason: "not in the connection inventory" });
    expect(describeRefusal(noRow, "cloud-events")).toBe(
      "cloud-events is blocked: not in the connection inventory",
    );
    expect(parseEgressRefusal("something else").reason).toBe("something else");
  });
});

import { describe, expect, it } from "vitest";
import { readApprovalExpiryMs } from "./approval-settings.ts";

describe("the approval expiry setting", () => {
  it("is 30 minutes unless MULTICLAW_APPROVAL_EXPIRY_MINUTES says otherwise", () => {
    expect(readApprovalExpiryMs({})).toBe(30 * 60_000);
    expect(readApprovalExpiryMs({ MULTICLAW_APPROVAL_EXPIRY_MINUTES: "" })).toBe(30 * 60_000);
    expect(readApprovalExpiryMs({ MULTICLAW_APPROVAL_EXPIRY_MINUTES: "10" })).toBe(10 * 60_000);
    expect(readApprovalExpiryMs({ MULTICLAW_APPROVAL_EXPIRY_MINUTES: "0.5" })).toBe(30_000);
  });

  it("refuses what is not a number of minutes, naming the variable", () => {
    for (const value of ["soon", "0", "-5", "20000", "Infinity"]) {
      expect(() => readApprovalExpiryMs({ MULTICLAW_APPROVAL_EXPIRY_MINUTES: value })).toThrow(
        /MULTICLAW_APPROVAL_EXPIRY_MINUTES/,
      );
    }
  });
});

import { describe, expect, it } from "vitest";
import { titleDraftOutcome } from "./title-draft.ts";

describe("titleDraftOutcome", () => {
  it("saves a trimmed new title", () => {
    expect(titleDraftOutcome("  Budget 2027 ", "Untitled")).toEqual({ kind: "save", title: "Budget 2027" });
  });

  it("sends nothing when the title did not change", () => {
    expect(titleDraftOutcome("Budget ", "Budget")).toEqual({ kind: "unchanged" });
  });

  it("explains an empty or an over-long title instead of sending it", () => {
    expect(titleDraftOutcome("   ", "Budget")).toMatchObject({ kind: "invalid", reason: /at least one/ });
    expect(titleDraftOutcome("x".repeat(201), "Budget")).toMatchObject({
      kind: "invalid",
      reason: /at most 200 .*201/,
    });
    expect(titleDraftOutcome("x".repeat(200), "Budget")).toEqual({ kind: "save", title: "x".repeat(200) });
  });
});

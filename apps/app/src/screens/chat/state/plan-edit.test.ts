import { describe, expect, it } from "vitest";
import { editableStepsOf, editDecisionOf } from "./plan-edit.ts";

const plan = {
  id: "plan_1",
  runId: "run_1",
  status: "proposed" as const,
  steps: [
    { number: 1, title: "Read the code", detail: "src/", delegateTo: null },
    { number: 2, title: "Write the fix", detail: "", delegateTo: "agt_2" },
  ],
  edited: false,
  createdAt: "2026-12-07T06:00:00.000Z",
  decidedAt: null,
};

describe("editing a plan before approving it", () => {
  it("sends the edited steps renumbered in their new order, delegation kept", () => {
    const [first, second] = editableStepsOf(plan);
    if (!first || !second) throw new Error("two steps expected");
    const result = editDecisionOf([{ ...second, title: " Write the fix first " }, first]);
    expect(result).toEqual({
      decision: {
        decision: "edit",
        steps: [
          { number: 1, title: "Write the fix first", detail: "", delegateTo: "agt_2" },
          { number: 2, title: "Read the code", detail: "src/", delegateTo: null },
        ],
      },
    });
  });

  it("refuses a step without a title and a plan without steps", () => {
    const [first] = editableStepsOf(plan);
    if (!first) throw new Error("a step expected");
    expect(editDecisionOf([{ ...first, title: "  " }])).toEqual({ problem: "Step 1 needs a title." });
    expect(editDecisionOf([])).toHaveProperty("problem");
  });
});

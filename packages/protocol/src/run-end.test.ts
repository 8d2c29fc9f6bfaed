import { describe, expect, it } from "vitest";
import { endsRun, RunState, terminalRunStates } from "./run.schema.ts";

describe("endsRun", () => {
  it("is true for a run-state event into each terminal state, and for nothing else", () => {
    for (const state of RunState.options) {
      expect(endsRun({ type: "run-state", state, error: null }), state).toBe(
        terminalRunStates.includes(state),
      );
    }
    expect(
      endsRun({ type: "text-delta", messageId: "msg_01j9aaaaaaaaaaaaaaaaaaaaaa", delta: "completed" }),
    ).toBe(false);
  });
});

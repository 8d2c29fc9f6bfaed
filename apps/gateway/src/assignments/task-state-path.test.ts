import { canTransition, RunState, TaskState } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { failureCodeOf, taskPath, taskTargetOf } from "./task-state-path.ts";

describe("mirroring a run's state on its Cloud task", () => {
  it("maps every run state to a task state", () => {
    for (const state of RunState.options) {
      expect(TaskState.options).toContain(taskTargetOf(state, undefined).state);
    }
    expect(taskTargetOf("rejected", undefined)).toEqual({ state: "failed", failureCode: "PLAN_REJECTED" });
    expect(taskTargetOf("failed", "KEY_NOT_CONFIGURED")).toEqual({
      state: "failed",
      failureCode: "KEY_NOT_CONFIGURED",
    });
  });

  it("folds run error codes into the Cloud's few failure codes", () => {
    expect(failureCodeOf("KEY_REJECTED")).toBe("PROVIDER_ERROR");
    expect(failureCodeOf("PROVIDER_TIMEOUT")).toBe("TIMEOUT");
    expect(failureCodeOf("PATH_OUTSIDE_WORKSPACE")).toBe("TOOL_ERROR");
    expect(failureCodeOf("INTERNAL")).toBe("OTHER");
  });

  it("walks only legal transitions, and finds the shortest walk between any two states", () => {
    for (const from of TaskState.options) {
      for (const to of TaskState.options) {
        const path = taskPath(from, to);
        if (path === undefined) continue;
        let at = from;
        for (const next of path) {
          expect(canTransition(at, next), `${at} → ${next}`).toBe(true);
          at = next;
        }
        expect(at).toBe(to);
      }
    }
    expect(taskPath("assigned", "done")).toEqual(["planning", "awaiting-approval", "running", "done"]);
    expect(taskPath("running", "running")).toEqual([]);
    expect(taskPath("done", "running")).toBeUndefined();
    expect(taskPath("awaiting-approval", "cancelled")).toEqual(["cancelled"]);
  });
});

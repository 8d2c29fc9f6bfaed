import { TaskState } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { canAssign, canCancel, newIdempotencyKey, taskStateLooks } from "./task-states.ts";

describe("task states", () => {
  it("has words for every state", () => {
    for (const state of TaskState.options) expect(taskStateLooks[state].label).not.toBe("");
  });

  it("offers assignment only before a gateway starts the task", () => {
    expect(TaskState.options.filter(canAssign)).toEqual(["queued", "assigned"]);
  });

  it("offers cancel for every live state and none of the final ones", () => {
    expect(TaskState.options.filter((state) => !canCancel(state))).toEqual(["done", "failed", "cancelled"]);
  });

  it("makes idempotency keys the Cloud accepts, a new one each time", () => {
    const key = newIdempotencyKey("create");
    expect(key).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    expect(newIdempotencyKey("create")).not.toBe(key);
  });
});

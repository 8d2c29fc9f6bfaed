import { canTransition, TaskState, taskTransitions } from "@multiclaw/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Principal } from "../http/principal.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import type { TaskService } from "./task-service.ts";
import { createTaskScenario, type TaskScenario } from "./test-fixtures.ts";

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(() => test.close());

let harness: TaskScenario;
let tasks: TaskService;
let workspaceId: string;
let member: Principal;
let move: TaskScenario["move"];
let taskIn: TaskScenario["taskIn"];

beforeEach(async () => {
  harness = await createTaskScenario(test.db);
  ({ tasks, workspaceId, member, move, taskIn } = harness);
});

describe("task state machine", () => {
  const pairs = TaskState.options.flatMap((from) => TaskState.options.map((to) => ({ from, to })));

  it.each(pairs.filter(({ from, to }) => canTransition(from, to)))(
    "allows $from → $to",
    async ({ from, to }) => {
      const task = await taskIn(from);
      const before = harness.fanout.published.length;
      const moved = await move(task, to);
      expect(moved).toMatchObject({ state: to, version: task.version + 1 });
      expect(harness.fanout.published.length).toBe(before + 1);
    },
  );

  it.each(pairs.filter(({ from, to }) => !canTransition(from, to)))(
    "refuses $from → $to",
    async ({ from, to }) => {
      const task = await taskIn(from);
      const before = harness.fanout.published.length;
      const refusal = await move(task, to).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: "INVALID_TRANSITION" });
      expect((refusal as Error).message).toContain(`from ${from} to ${to}`);
      // A refused move changes nothing and tells nobody.
      expect(await tasks.get(member, workspaceId, task.id)).toEqual(task);
      expect(harness.fanout.published.length).toBe(before);
    },
  );

  it.each(["done", "failed", "cancelled"] as const)("keeps a %s task final", async (state) => {
    expect(taskTransitions[state]).toEqual([]);
    const task = await taskIn(state);
    expect(task.finishedAt).toBe(harness.clock.now().toISOString());
    for (const to of TaskState.options) {
      await expect(move(task, to)).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    }
  });

  it("needs a failure code to fail, stores it, and refuses one on any other move", async () => {
    const task = await taskIn("running");
    await expect(tasks.transition(member, workspaceId, task.id, { to: "failed" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldProblems: [{ path: "failureCode" }],
    });
    await expect(
      tasks.transition(member, workspaceId, task.id, { to: "done", failureCode: "TIMEOUT" }),
    ).rejects.toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await tasks.get(member, workspaceId, task.id)).toEqual(task);

    const failed = await tasks.transition(member, workspaceId, task.id, {
      to: "failed",
      failureCode: "TIMEOUT",
    });
    expect(failed).toMatchObject({ state: "failed", failureCode: "TIMEOUT" });
  });

  it("refuses a move based on an old version with CONFLICT", async () => {
    const task = await taskIn("planning");
    const current = await move(task, "awaiting-approval", { expectedVersion: task.version });
    await expect(move(current, "running", { expectedVersion: task.version })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect((await move(current, "running", { expectedVersion: current.version })).state).toBe("running");
  });
});

describe("concurrent transitions", () => {
  it("lets exactly one of several simultaneous moves from the same state win", async () => {
    const task = await taskIn("assigned");
    const before = harness.fanout.published.length;
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => move(task, "planning")));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "INVALID_TRANSITION" });
    }
    expect(await tasks.get(member, workspaceId, task.id)).toMatchObject({
      state: "planning",
      version: task.version + 1,
    });
    expect(harness.fanout.published.length).toBe(before + 1);
  });

  it("lets exactly one of several version-checked moves to different states win", async () => {
    const task = await taskIn("running");
    const targets = ["done", "cancelled", "awaiting-approval", "failed"] as const;
    const outcomes = await Promise.allSettled(
      targets.map((to) => move(task, to, { expectedVersion: task.version })),
    );
    const winners = outcomes.flatMap((outcome) => (outcome.status === "fulfilled" ? [outcome.value] : []));
    expect(winners).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(outcome.reason).toMatchObject({ code: "CONFLICT" });
    }
    expect(await tasks.get(member, workspaceId, task.id)).toEqual(winners[0]);
  });
});

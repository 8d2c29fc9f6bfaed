import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { insertInstance } from "../instances/test-fixtures.ts";
import { insertWorkspace, publishedFrames } from "../testing/fixtures.ts";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";
import { createTaskScenario, type TaskScenario } from "./test-fixtures.ts";

/* A task may name the instance that must run it: only a live gateway of the task's own workspace. */

let test: TestDatabase;
beforeAll(async () => {
  test = await openTestDatabase();
});
afterAll(() => test.close());

let scenario: TaskScenario;
let instanceId: string;
beforeEach(async () => {
  scenario = await createTaskScenario(test.db);
  instanceId = await insertInstance(test.db, {
    workspaceId: scenario.workspaceId,
    userId: scenario.member.userId,
  });
});

describe("tasks assigned to an instance", () => {
  it("assigns to an agent on one instance, and the event carries the instance", async () => {
    const { tasks, owner, workspaceId, agentId } = scenario;
    const task = await tasks.create(owner, workspaceId, { title: "Rotate the logs" });
    expect(task.instanceId).toBeNull();
    const assigned = await tasks.assign(owner, workspaceId, task.id, { agentId, instanceId });
    expect(assigned).toMatchObject({ state: "assigned", assigneeAgentId: agentId, instanceId });
    expect(await tasks.get(owner, workspaceId, task.id)).toEqual(assigned);
    expect(publishedFrames(scenario.fanout).at(-1)?.event).toEqual({ name: "task-assigned", task: assigned });
  });

  it("creates a task for an instance, and re-assigning without one leaves it to any gateway", async () => {
    const { tasks, member, workspaceId, agentId } = scenario;
    const task = await tasks.create(member, workspaceId, {
      title: "x",
      assigneeAgentId: agentId,
      instanceId,
    });
    expect(task).toMatchObject({ state: "assigned", instanceId });
    const anyGateway = await tasks.assign(member, workspaceId, task.id, { agentId });
    expect(anyGateway.instanceId).toBeNull();
  });

  it("keeps the instance on the task as it moves through its states", async () => {
    const { tasks, owner, workspaceId, agentId } = scenario;
    const task = await tasks.create(owner, workspaceId, { title: "x", assigneeAgentId: agentId, instanceId });
    const planning = await scenario.move(task, "planning");
    expect(planning).toMatchObject({ state: "planning", instanceId });
  });

  it("refuses an instance of another workspace as if it did not exist", async () => {
    const { tasks, owner, workspaceId, agentId } = scenario;
    const elsewhere = await insertWorkspace(test.db);
    const foreign = await insertInstance(test.db, { workspaceId: elsewhere, userId: owner.userId });
    const task = await tasks.create(owner, workspaceId, { title: "x" });
    await expect(
      tasks.assign(owner, workspaceId, task.id, { agentId, instanceId: foreign }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", detail: "No such instance" });
    await expect(
      tasks.create(owner, workspaceId, { title: "y", assigneeAgentId: agentId, instanceId: foreign }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      tasks.assign(owner, workspaceId, task.id, { agentId, instanceId: "ins_01jc0000000000000000000000" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await tasks.get(owner, workspaceId, task.id)).toEqual(task);
  });

  it("refuses a revoked instance with the field that is wrong", async () => {
    const { tasks, owner, workspaceId, agentId } = scenario;
    await test.db
      .updateTable("instances")
      .set({ revoked_at: new Date() })
      .where("id", "=", instanceId)
      .execute();
    const task = await tasks.create(owner, workspaceId, { title: "x" });
    const refusal = tasks.assign(owner, workspaceId, task.id, { agentId, instanceId });
    await expect(refusal).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldProblems: [{ path: "instanceId", message: expect.stringContaining("revoked") }],
    });
    expect((await tasks.get(owner, workspaceId, task.id)).state).toBe("queued");
  });

  it("refuses an instance on a task created without an agent", async () => {
    const { tasks, owner, workspaceId } = scenario;
    await expect(tasks.create(owner, workspaceId, { title: "x", instanceId })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      fieldProblems: [{ path: "instanceId", message: expect.stringContaining("assigneeAgentId") }],
    });
  });
});

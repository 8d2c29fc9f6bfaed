import type { Task } from "@multiclaw/protocol";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readEventsAfter } from "../events/event-log.ts";
import type { Principal } from "../http/principal.ts";
import {
  insertAgent,
  insertUser,
  insertWorkspace,
  publishedFrames,
  userPrincipal,
} from "../testing/fixtures.ts";
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
let owner: Principal;
let member: Principal;
let agentId: string;
let move: TaskScenario["move"];
let taskIn: TaskScenario["taskIn"];

beforeEach(async () => {
  harness = await createTaskScenario(test.db);
  ({ tasks, workspaceId, owner, member, agentId, move, taskIn } = harness);
});

describe("task lifecycle", () => {
  it("walks a task from creation to done, emitting one numbered event per step, in order", async () => {
    const created = await tasks.create(owner, workspaceId, { title: "Renew the TLS certificate" });
    expect(created).toMatchObject({
      state: "queued",
      assigneeAgentId: null,
      assignedBy: null,
      assignedAt: null,
      createdBy: owner.userId,
      version: 1,
    });

    harness.clock.advance(1_000);
    const assigned = await tasks.assign(member, workspaceId, created.id, { agentId });
    expect(assigned).toMatchObject({
      state: "assigned",
      assigneeAgentId: agentId,
      assignedBy: member.userId,
      assignedAt: harness.clock.now().toISOString(),
      version: 2,
    });

    const steps: Task[] = [created, assigned];
    let task = assigned;
    for (const to of [
      "planning",
      "awaiting-approval",
      "running",
      "awaiting-approval",
      "running",
      "done",
    ] as const) {
      harness.clock.advance(1_000);
      task = await move(task, to);
      steps.push(task);
    }

    const firstRun = steps[4];
    expect(firstRun?.startedAt).toBe("2030-01-01T00:00:04.000Z");
    // Back to awaiting approval and running again does not restart the clock.
    expect(task.startedAt).toBe(firstRun?.startedAt);
    expect(task).toMatchObject({ state: "done", version: 8, finishedAt: harness.clock.now().toISOString() });
    expect(steps.slice(0, -1).every((step) => step.finishedAt === null)).toBe(true);

    const frames = publishedFrames(harness.fanout);
    expect(frames.map((frame) => frame.event.name)).toEqual([
      "task-updated",
      "task-assigned",
      ...Array(6).fill("task-updated"),
    ]);
    expect(frames.map((frame) => (frame.event as { task: Task }).task)).toEqual(steps);
    const seqs = frames.map((frame) => frame.seq);
    expect(seqs).toEqual(seqs.map((_, index) => (seqs[0] ?? 0) + index));

    // What went out is what was stored, so a client that reconnects replays the same frames.
    const stored = await readEventsAfter(test.db, workspaceId, 0, 100);
    expect(stored.map((event) => event.seq)).toEqual(seqs);
  });

  it("starts a task as assigned when it is created with an assignee", async () => {
    const task = await tasks.create(member, workspaceId, {
      title: "Triage alerts",
      assigneeAgentId: agentId,
    });
    expect(task).toMatchObject({
      state: "assigned",
      assigneeAgentId: agentId,
      assignedBy: member.userId,
      assignedAt: harness.clock.now().toISOString(),
    });
    expect(publishedFrames(harness.fanout).map((frame) => frame.event)).toEqual([
      { name: "task-assigned", task },
    ]);
  });

  it("refuses an agent of another workspace as if it did not exist", async () => {
    const otherWorkspace = await insertWorkspace(test.db);
    const foreignAgent = await insertAgent(test.db, otherWorkspace, owner.userId);
    await expect(
      tasks.create(owner, workspaceId, { title: "x", assigneeAgentId: foreignAgent }),
    ).rejects.toMatchObject({ code: "NOT_FOUND", detail: "No such agent" });
    const task = await tasks.create(owner, workspaceId, { title: "x" });
    await expect(tasks.assign(owner, workspaceId, task.id, { agentId: foreignAgent })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await tasks.get(owner, workspaceId, task.id)).toEqual(task);
  });

  it("reassigns a queued or assigned task and refuses once work has begun", async () => {
    const secondAgent = await insertAgent(test.db, workspaceId, owner.userId);
    const task = await taskIn("assigned");
    harness.clock.advance(5_000);
    const reassigned = await tasks.assign(owner, workspaceId, task.id, { agentId: secondAgent });
    expect(reassigned).toMatchObject({
      state: "assigned",
      assigneeAgentId: secondAgent,
      assignedBy: owner.userId,
      assignedAt: harness.clock.now().toISOString(),
      version: task.version + 1,
    });
    const queued = await taskIn("queued");
    expect((await tasks.assign(owner, workspaceId, queued.id, { agentId: secondAgent })).state).toBe(
      "assigned",
    );

    for (const state of [
      "planning",
      "awaiting-approval",
      "running",
      "done",
      "failed",
      "cancelled",
    ] as const) {
      const busy = await taskIn(state);
      await expect(tasks.assign(owner, workspaceId, busy.id, { agentId: secondAgent })).rejects.toMatchObject(
        {
          code: "INVALID_TRANSITION",
        },
      );
    }
  });

  it("keeps an unassigned queued task from moving to assigned without an agent", async () => {
    const task = await tasks.create(owner, workspaceId, { title: "Nobody's yet" });
    await expect(move(task, "assigned")).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    expect((await tasks.get(owner, workspaceId, task.id)).state).toBe("queued");
  });
});

describe("task list", () => {
  it("pages newest first without repeating or skipping, even as new tasks arrive", async () => {
    const created: Task[] = [];
    for (let index = 0; index < 7; index += 1) {
      // Pairs share a creation instant so the id breaks the tie.
      if (index % 2 === 0) harness.clock.advance(1_000);
      created.push(await tasks.create(owner, workspaceId, { title: `Task ${index}` }));
    }
    const newestFirst = created.toReversed().map((task) => task.id);

    const first = await tasks.list(member, workspaceId, { limit: 3 });
    expect(first.tasks.map((task) => task.id)).toEqual(newestFirst.slice(0, 3));
    expect(first.nextCursor).not.toBeNull();

    harness.clock.advance(1_000);
    const late = await tasks.create(owner, workspaceId, { title: "Arrived while paging" });

    const seen = [...first.tasks];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await tasks.list(member, workspaceId, { limit: 3, cursor });
      seen.push(...page.tasks);
      cursor = page.nextCursor;
    }
    expect(seen.map((task) => task.id)).toEqual(newestFirst);
    expect((await tasks.list(member, workspaceId, { limit: 1 })).tasks[0]?.id).toBe(late.id);
  });

  it("filters by state and by assignee", async () => {
    const otherAgent = await insertAgent(test.db, workspaceId, owner.userId);
    const queued = await tasks.create(owner, workspaceId, { title: "Waiting" });
    const mine = await taskIn("planning");
    const theirs = await tasks.create(owner, workspaceId, { title: "Theirs", assigneeAgentId: otherAgent });

    const byState = await tasks.list(member, workspaceId, { limit: 50, state: "queued" });
    expect(byState.tasks.map((task) => task.id)).toEqual([queued.id]);
    const byAgent = await tasks.list(member, workspaceId, { limit: 50, assigneeAgentId: agentId });
    expect(byAgent.tasks.map((task) => task.id)).toEqual([mine.id]);
    const both = await tasks.list(member, workspaceId, {
      limit: 50,
      state: "assigned",
      assigneeAgentId: otherAgent,
    });
    expect(both).toEqual({ tasks: [theirs], nextCursor: null });
  });

  it("refuses a cursor it did not make", async () => {
    for (const cursor of ["not-a-cursor", Buffer.from('["yesterday","tsk_x"]').toString("base64url")]) {
      await expect(tasks.list(member, workspaceId, { limit: 5, cursor })).rejects.toMatchObject({
        code: "VALIDATION_FAILED",
      });
    }
  });
});

describe("task access", () => {
  it("answers a non-member NOT_FOUND for every task operation", async () => {
    const task = await taskIn("assigned");
    const outsider = userPrincipal(await insertUser(test.db));
    const attempts = [
      () => tasks.get(outsider, workspaceId, task.id),
      () => tasks.list(outsider, workspaceId, { limit: 5 }),
      () => tasks.create(outsider, workspaceId, { title: "sneaky" }),
      () => tasks.assign(outsider, workspaceId, task.id, { agentId }),
      () => tasks.transition(outsider, workspaceId, task.id, { to: "cancelled" }),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect(await tasks.get(owner, workspaceId, task.id)).toEqual(task);
  });

  it("lets an instance move tasks only in the workspace it was approved for", async () => {
    const task = await taskIn("assigned");
    const instanceOf = (approvedFor: string): Principal => ({
      ...member,
      instanceId: "ins_01jc0000000000000000000000",
      instanceWorkspaceId: approvedFor,
    });
    expect(
      (await tasks.transition(instanceOf(workspaceId), workspaceId, task.id, { to: "planning" })).state,
    ).toBe("planning");
    const elsewhere = await insertWorkspace(test.db);
    await expect(
      tasks.transition(instanceOf(elsewhere), workspaceId, task.id, { to: "cancelled" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

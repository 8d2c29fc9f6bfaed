import { describe, expect, it } from "vitest";
import { Task } from "./task.schema.ts";

const at = "2030-01-01T00:00:00.000Z";
const taskFromAnOlderCloud = {
  id: "tsk_01j9zzzzzzzzzzzzzzzzzzzzzz",
  workspaceId: "ws_01j9zzzzzzzzzzzzzzzzzzzzzz",
  title: "Renew the certificate",
  assigneeAgentId: null,
  state: "queued",
  failureCode: null,
  createdBy: "usr_01j9zzzzzzzzzzzzzzzzzzzzzz",
  assignedBy: null,
  createdAt: at,
  updatedAt: at,
  assignedAt: null,
  startedAt: null,
  finishedAt: null,
  version: 1,
};

describe("Task", () => {
  it("reads a task from a Cloud that names no instance as one any gateway of the agent may take", () => {
    expect(Task.parse(taskFromAnOlderCloud).instanceId).toBeNull();
  });

  it("keeps the instance a Cloud names", () => {
    const instanceId = "ins_01j9zzzzzzzzzzzzzzzzzzzzzz";
    expect(Task.parse({ ...taskFromAnOlderCloud, instanceId }).instanceId).toBe(instanceId);
  });
});

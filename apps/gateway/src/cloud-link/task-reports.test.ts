import { systemTimers } from "@multiclaw/cloud-client";
import { describe, expect, it } from "vitest";
import { createTaskReporter } from "./task-reports.ts";
import { at, json, problem, scriptedCloud, taskId, userId, workspaceId } from "./test-scripted-cloud.ts";

describe("task reports", () => {
  const task = {
    id: taskId,
    workspaceId,
    title: "Renew the certificate",
    assigneeAgentId: null,
    state: "running",
    failureCode: null,
    createdBy: userId,
    assignedBy: null,
    createdAt: at,
    updatedAt: at,
    assignedAt: null,
    startedAt: at,
    finishedAt: null,
    version: 4,
  };

  it("retries what may succeed later under the same Idempotency-Key, and throws a refusal at once", async () => {
    let calls = 0;
    const { cloud, requests } = scriptedCloud(() => {
      calls += 1;
      return calls < 3 ? problem(503, "UNAVAILABLE", true) : json(200, task);
    });
    const report = createTaskReporter({
      cloud,
      workspaceId,
      timers: systemTimers,
      backoff: { initialDelayMs: 5, maxDelayMs: 10 },
      maxAttempts: 5,
    });
    await expect(report(taskId, { to: "running" })).resolves.toMatchObject({ state: "running" });
    const keys = requests.map((request) => request.headers["idempotency-key"]);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^transition-[0-9a-f-]{36}$/);

    const refusing = scriptedCloud(() => problem(409, "INVALID_TRANSITION"));
    const refused = createTaskReporter({
      cloud: refusing.cloud,
      workspaceId,
      timers: systemTimers,
      backoff: { initialDelayMs: 5, maxDelayMs: 10 },
      maxAttempts: 5,
    });
    await expect(refused(taskId, { to: "done" })).rejects.toMatchObject({ code: "INVALID_TRANSITION" });
    expect(refusing.requests).toHaveLength(1);
  });
});

import { Task, TaskList } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestTeam, type TestTeam } from "../testing/workspace-test-kit.ts";

let team: TestTeam;
let writerId: string;
beforeAll(async () => {
  team = await startTestTeam();
  const params = { workspaceId: team.workspaceId };
  for (const name of ["Writer", "Coder"]) {
    const agent = await team.owner.cloud.call("createAgent", {
      params,
      body: { name, provider: "anthropic", model: "claude-test" },
    });
    if (name === "Writer") writerId = agent.id;
  }
});
afterAll(async () => {
  await team?.close();
});

describe("multiclaw tasks", () => {
  it("creates, lists, assigns and cancels tasks, as a member", async () => {
    const as = team.member;
    const queued = await team.run(["tasks", "create", "Renew the TLS certificate", "--json"], { as });
    expect(queued.code).toBe(0);
    const task = Task.parse(JSON.parse(queued.stdout));
    expect(task).toMatchObject({
      title: "Renew the TLS certificate",
      state: "queued",
      assigneeAgentId: null,
      createdBy: as.userId,
    });

    const assignedAtOnce = await team.run(
      ["tasks", "create", "Write the release notes", "--agent", "writer"],
      { as },
    );
    expect(assignedAtOnce.stdout).toMatch(/^Created task tsk_\w+, assigned to Writer \(assigned\)\.\n$/);

    const assigned = await team.run(["tasks", "assign", task.id, "--agent", writerId], { as });
    expect(assigned).toMatchObject({
      code: 0,
      stdout: `Assigned ${task.id} to Writer; its gateway picks it up.\n`,
    });

    const listed = await team.run(["tasks", "list"], { as });
    expect(listed.code).toBe(0);
    const lines = listed.stdout.split("\n");
    // Newest first, the agent and the creator by name.
    expect(lines.findIndex((line) => line.includes("Write the release notes"))).toBeLessThan(
      lines.findIndex((line) => line.includes("Renew the TLS certificate")),
    );
    expect(lines.find((line) => line.includes(task.id))).toMatch(
      /│ Renew the TLS certificate\s+│ assigned\s+│ Writer\s+│ any\s+│ Linus\s+│ just now/,
    );

    const cancelled = await team.run(["tasks", "cancel", task.id, "--json"], { as });
    expect(Task.parse(JSON.parse(cancelled.stdout))).toMatchObject({ id: task.id, state: "cancelled" });
    const again = await team.run(["tasks", "cancel", task.id], { as });
    expect(again).toMatchObject({
      code: 1,
      stderr: "INVALID_TRANSITION: A task cannot move from cancelled to cancelled; cancelled is final\n",
    });

    const page = TaskList.parse(
      JSON.parse((await team.run(["tasks", "list", "--state", "cancelled", "--json"])).stdout),
    );
    expect(page.tasks.map((candidate) => candidate.id)).toEqual([task.id]);
    const byAgent = await team.run(["tasks", "list", "--agent", "Coder"]);
    expect(byAgent.stdout).toBe(
      'No tasks. Create one with `multiclaw tasks create "<title>" --agent <agent>`.\n',
    );
  });

  it("assigns a task to one instance by name or id, shows it in the list, and refuses a revoked one", async () => {
    await team.gatewayOf(team.owner); // signed in as a device: an instance of the workspace
    const [machine] = (
      await team.owner.cloud.call("listInstances", { params: { workspaceId: team.workspaceId } })
    ).instances;
    if (!machine) throw new Error("the owner's gateway left no instance");
    const created = await team.run(["tasks", "create", "Back up the build box", "--json"]);
    const task = Task.parse(JSON.parse(created.stdout));

    const byName = await team.run(
      ["tasks", "assign", task.id, "--agent", "Writer", "--instance", machine.name.toUpperCase()],
      { as: team.member },
    );
    expect(byName).toMatchObject({
      code: 0,
      stdout: `Assigned ${task.id} to Writer on ${machine.name}; only that gateway picks it up.\n`,
    });
    // The machine runs Writer (with no key, so its run fails at once): a task it took cannot be re-assigned.
    const second = Task.parse(JSON.parse((await team.run(["tasks", "create", "Another", "--json"])).stdout));
    const byId = await team.run([
      "tasks",
      "assign",
      second.id,
      "--agent",
      "Writer",
      "--instance",
      machine.id,
      "--json",
    ]);
    expect(Task.parse(JSON.parse(byId.stdout))).toMatchObject({ instanceId: machine.id, state: "assigned" });
    const listed = await team.run(["tasks", "list"]);
    expect(listed.stdout.split("\n").find((line) => line.includes(task.id))).toMatch(
      new RegExp(`│ Writer\\s+│ ${machine.name}\\s+│ Ada\\s+│`),
    );
    const pinnedAtCreate = await team.run([
      "tasks",
      "create",
      "Only there",
      "--agent",
      "writer",
      "--instance",
      machine.name,
    ]);
    expect(pinnedAtCreate.stdout).toMatch(
      new RegExp(`^Created task tsk_\\w+, assigned to Writer on ${machine.name} \\(assigned\\)\\.\\n$`),
    );

    const third = Task.parse(JSON.parse((await team.run(["tasks", "create", "Third", "--json"])).stdout));
    const unknown = await team.run([
      "tasks",
      "assign",
      third.id,
      "--agent",
      "Writer",
      "--instance",
      "nowhere",
    ]);
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr).toMatch(/^NOT_FOUND: no instance "nowhere" in this workspace \(instances: /);
    const foreign = await team.run([
      "tasks",
      "assign",
      third.id,
      "--agent",
      "Writer",
      "--instance",
      "ins_01m977ettaaq9y8248b4hede7c",
    ]);
    expect(foreign).toMatchObject({ code: 1, stderr: "NOT_FOUND: No such instance\n" });
    const withoutAgent = await team.run(["tasks", "create", "Nowhere", "--instance", machine.name]);
    expect(withoutAgent).toMatchObject({
      code: 1,
      stderr: "VALIDATION_FAILED: --instance needs --agent: a gateway runs a task for one of its agents\n",
    });

    await team.owner.cloud.call("revokeInstance", {
      params: { workspaceId: team.workspaceId, instanceId: machine.id },
    });
    const revoked = await team.run([
      "tasks",
      "assign",
      third.id,
      "--agent",
      "Writer",
      "--instance",
      machine.id,
    ]);
    expect(revoked).toMatchObject({ code: 1 });
    expect(revoked.stderr).toMatch(/^VALIDATION_FAILED: .*instanceId: that instance was revoked/);
  });

  it("explains a bad task id, an unknown agent and a missing --agent", async () => {
    const badId = await team.run(["tasks", "cancel", "42"]);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toContain(
      "error: command-argument value '42' is invalid for argument 'task'. must be a task id (tsk_…), as `multiclaw tasks list` shows",
    );
    const unknownTask = await team.run(["tasks", "cancel", "tsk_01m977ettaaq9y8248b4hede7c"]);
    expect(unknownTask).toMatchObject({ code: 1, stderr: "NOT_FOUND: No such task\n" });
    const noAgent = await team.run(["tasks", "create", "Something", "--agent", "Nobody"]);
    expect(noAgent.stderr).toMatch(
      /^NOT_FOUND: no agent "Nobody" in this workspace \(agents: Writer \(agt_\w+\), Coder \(agt_\w+\)\)\n$/,
    );
    const assign = await team.run(["tasks", "assign", "tsk_01m977ettaaq9y8248b4hede7c"]);
    expect(assign.stderr).toContain("error: required option '--agent <agent>' not specified");
  });
});

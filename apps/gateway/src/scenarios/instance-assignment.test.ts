import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import type { Task } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { waitFor } from "../testing/wait-for.ts";

/*
 * Two real gateway processes of one workspace, both running the same agent. A task assigned to one instance
 * is taken by that gateway only: the other, which hears the same event first-hand, leaves it alone even while
 * the named gateway is away — and the named one takes it when it comes back.
 *
 * The workspace has no provider key, so each run a gateway starts fails at once with KEY_NOT_CONFIGURED: what
 * matters here is which gateway started it.
 */

let cloud: TestCloud;
let ada: Account;
let agentId: string;
const homes: string[] = [];
const gateways: GatewayProcess[] = [];
/** The gateways up at the end of the first case, for the second. */
let running: GatewayProcess[] = [];

async function signedInGateway(name: string): Promise<{ gateway: GatewayProcess; instanceId: string }> {
  const home = await mkdtemp(join(tmpdir(), `multiclaw-instance-${name}-`));
  homes.push(home);
  const gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
  gateways.push(gateway);
  const login = await gateway.client.startLogin({});
  await ada.cloud.call("deviceApprove", {
    body: { userCode: login.userCode as string, workspaceId: ada.workspaceId },
  });
  const status = await waitFor(
    `${name} to sign in and sync`,
    async () => {
      const current = await gateway.client.status();
      return current.cloudLink.state === "connected" && current.agents.length > 0 ? current : undefined;
    },
    { context: () => gateway.output().slice(-2000) },
  );
  return { gateway, instanceId: status.signedIn?.instance.instanceId as string };
}

async function runsOfTask(gateway: GatewayProcess, taskId: string) {
  return (await gateway.client.listRuns({})).runs.filter((run) => run.taskId === taskId);
}

function cloudTask(taskId: string): Promise<Task> {
  return ada.cloud.call("getTask", { params: { workspaceId: ada.workspaceId, taskId } });
}

beforeAll(async () => {
  cloud = await startTestCloud();
  ada = await signUpPerson(cloud.cloud.url, "Ada");
  const agent = await ada.cloud.call("createAgent", {
    params: { workspaceId: ada.workspaceId },
    body: { name: "Scribe", provider: "anthropic", model: "claude-test" },
  });
  agentId = agent.id;
}, 60_000);

afterAll(async () => {
  for (const gateway of gateways) await gateway.kill("SIGTERM").catch(() => undefined);
  await cloud?.close();
  for (const home of homes) await rm(home, { recursive: true, force: true });
});

describe("a task assigned to one instance", () => {
  it("is taken only by that instance's gateway, even while it is away", async () => {
    const first = await signedInGateway("first-desk");
    const second = await signedInGateway("second-desk");
    expect(first.instanceId).not.toBe(second.instanceId);

    // The second gateway goes away; its instance is still the workspace's, so the Cloud accepts the choice.
    await second.gateway.kill("SIGTERM");
    const forSecond = await ada.cloud.call("createTask", {
      params: { workspaceId: ada.workspaceId },
      body: { title: "Only on the second desk", assigneeAgentId: agentId, instanceId: second.instanceId },
      idempotencyKey: "instance-task-second",
    });
    expect(forSecond.instanceId).toBe(second.instanceId);

    // A later task for the first desk: once the first gateway took it, it has seen the earlier event too.
    const forFirst = await ada.cloud.call("createTask", {
      params: { workspaceId: ada.workspaceId },
      body: { title: "Only on the first desk", assigneeAgentId: agentId, instanceId: first.instanceId },
      idempotencyKey: "instance-task-first",
    });
    await waitFor("the first gateway to take its task", async () =>
      (await runsOfTask(first.gateway, forFirst.id)).length > 0 ? true : undefined,
    );
    expect(await runsOfTask(first.gateway, forSecond.id)).toEqual([]);
    expect(await cloudTask(forSecond.id)).toMatchObject({ state: "assigned", version: forSecond.version });

    // The second desk comes back (same home, same credential) and catches up on the task left for it.
    const back = await spawnGatewayProcess({ home: second.gateway.home, cloudUrl: cloud.cloud.url });
    gateways.push(back);
    running = [first.gateway, back];
    await waitFor(
      "the second gateway to take its task",
      async () => ((await runsOfTask(back, forSecond.id)).length > 0 ? true : undefined),
      { context: () => back.output().slice(-2000) },
    );
    const taken = await waitFor("the task to fail for want of a key", async () => {
      const task = await cloudTask(forSecond.id);
      return task.state === "failed" ? task : undefined;
    });
    expect(taken).toMatchObject({ instanceId: second.instanceId, failureCode: "KEY_NOT_CONFIGURED" });
    expect(await runsOfTask(first.gateway, forSecond.id)).toEqual([]);
  }, 120_000);

  it("lets any gateway running the agent take a task that names no instance", async () => {
    const open = await ada.cloud.call("createTask", {
      params: { workspaceId: ada.workspaceId },
      body: { title: "Anyone may", assigneeAgentId: agentId },
      idempotencyKey: "instance-task-any",
    });
    expect(open.instanceId).toBeNull();
    const task = await waitFor("some gateway to take it and fail for want of a key", async () => {
      const current = await cloudTask(open.id);
      return current.state === "failed" ? current : undefined;
    });
    expect(task.failureCode).toBe("KEY_NOT_CONFIGURED");
    expect(running).toHaveLength(2);
    const runs = await Promise.all(running.map((gateway) => runsOfTask(gateway, open.id)));
    expect(runs.flat()).toHaveLength(1);
  }, 60_000);
});

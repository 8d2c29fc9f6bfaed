import { randomUUID } from "node:crypto";
import type { CloudClient } from "@multiclaw/cloud-client";
import {
  type Agent,
  CreateTaskRequest,
  type Instance,
  TaskId,
  TaskListQuery,
  TaskState,
} from "@multiclaw/protocol";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { findByName } from "../workspace/find-by-name.ts";
import { memberNames } from "../workspace/member-names.ts";
import { schemaArgument } from "../workspace/schema-argument.ts";
import {
  printJson,
  targetWorkspace,
  type WorkspaceOptions,
  withWorkspaceOptions,
} from "../workspace/workspace-options.ts";
import { agentNameOf, describeTaskState, instanceNameOf, renderTasks } from "./tasks-command-render.ts";
import { findInstance } from "./tasks-instance.ts";

/*
 * `multiclaw tasks`: the workspace's shared task list. A task is coordination only — a title, an assignee, a
 * state; the work itself (plan, messages, results) stays on the gateway that runs it. Any member may create,
 * assign and cancel tasks.
 */

const taskIdArgument = schemaArgument(TaskId, "must be a task id (tsk_…), as `multiclaw tasks list` shows");
const limitArgument = schemaArgument(TaskListQuery.shape.limit, "must be a whole number from 1 to 200");
const titleArgument = schemaArgument(CreateTaskRequest.shape.title, "must be 1 to 200 characters");

async function agentsOf(ctx: CliContext, cloud: CloudClient, workspaceId: string): Promise<Agent[]> {
  return (await cloud.call("listAgents", { params: { workspaceId }, signal: ctx.signal })).agents;
}

function findAgent(agents: readonly Agent[], wanted: string): Agent {
  return findByName(agents, wanted, {
    what: "agent",
    names: (agent) => [agent.name],
    describe: (agent) => `${agent.name} (${agent.id})`,
  });
}

async function instancesOf(ctx: CliContext, cloud: CloudClient, workspaceId: string): Promise<Instance[]> {
  return (await cloud.call("listInstances", { params: { workspaceId }, signal: ctx.signal })).instances;
}

/** Creates and transitions must carry one (the Cloud insists): a retried request then cannot act twice. */
function idempotencyKey(action: string): string {
  return `cli-${action}-${randomUUID()}`;
}

const assignHelp = `
Every gateway of the workspace that runs the agent sees the assignment; the first to start it owns the task.
With --instance only that gateway (a machine of the workspace, by name or id, as \`multiclaw team list\`
shows) may take it; the others leave it alone. Re-assigning without --instance lets any gateway take it again.
Only queued or assigned tasks can be (re)assigned.`;

const instanceOption = "only this gateway may run it (instance name or id, as `multiclaw team list` shows)";

export function registerTasksCommand(program: Command, ctx: CliContext): void {
  const tasks = program
    .command("tasks")
    .description("the workspace's tasks: create, assign to an agent, cancel");

  withWorkspaceOptions(
    tasks
      .command("list")
      .description("show tasks, newest first")
      .addOption(new Option("--state <state>", "only tasks in this state").choices(TaskState.options))
      .option("--agent <agent>", "only tasks assigned to this agent (name or id)")
      .option("--limit <n>", "how many (1-200)", limitArgument, 50),
    "print the Cloud's page of tasks as JSON",
  ).action(async (options: WorkspaceOptions & { state?: TaskState; agent?: string; limit: number }) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const [agents, instances] = await Promise.all([
      agentsOf(ctx, cloud, workspaceId),
      instancesOf(ctx, cloud, workspaceId),
    ]);
    const assignee = options.agent === undefined ? undefined : findAgent(agents, options.agent);
    const page = await cloud.call("listTasks", {
      params: { workspaceId },
      query: {
        limit: options.limit,
        ...(options.state ? { state: options.state } : {}),
        ...(assignee ? { assigneeAgentId: assignee.id } : {}),
      },
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, page);
    const personName = await memberNames(cloud, workspaceId, ctx.signal);
    ctx.out.line(
      renderTasks(page.tasks, {
        colour: ctx.out.colour,
        now: Date.now(),
        agentName: agentNameOf(agents),
        instanceName: instanceNameOf(instances),
        personName,
      }),
    );
    if (page.nextCursor !== null)
      ctx.out.note(`Showing the newest ${page.tasks.length}; --limit shows more.`);
  });

  withWorkspaceOptions(
    tasks
      .command("create")
      .description("create a task; with --agent it is assigned at once")
      .argument(
        "<title>",
        "what is to be done, 1-200 characters (the agent gets it as the request)",
        titleArgument,
      )
      .option("--agent <agent>", "assign it to this agent (name or id)")
      .option("--instance <instance>", `${instanceOption}; needs --agent`),
    "print the new task as JSON",
  ).action(async (title: string, options: WorkspaceOptions & { agent?: string; instance?: string }) => {
    if (options.instance !== undefined && options.agent === undefined) {
      throw new CliError("--instance needs --agent: a gateway runs a task for one of its agents", {
        code: "VALIDATION_FAILED",
      });
    }
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const assignee =
      options.agent === undefined
        ? undefined
        : findAgent(await agentsOf(ctx, cloud, workspaceId), options.agent);
    const instance =
      options.instance === undefined
        ? undefined
        : findInstance(await instancesOf(ctx, cloud, workspaceId), options.instance);
    const task = await cloud.call("createTask", {
      params: { workspaceId },
      body: {
        title,
        ...(assignee ? { assigneeAgentId: assignee.id } : {}),
        ...(instance ? { instanceId: instance.id } : {}),
      },
      idempotencyKey: idempotencyKey("create"),
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, task);
    const where = instance ? ` on ${instance.name}` : "";
    ctx.out.line(
      `Created task ${task.id}${assignee ? `, assigned to ${assignee.name}${where}` : ""} (${task.state}).`,
    );
  });

  withWorkspaceOptions(
    tasks
      .command("assign")
      .description("assign a task to an agent")
      .argument("<task>", "the task id (tsk_…)", taskIdArgument)
      .requiredOption("--agent <agent>", "the agent (name or id)")
      .option("--instance <instance>", instanceOption)
      .addHelpText("after", assignHelp),
    "print the assigned task as JSON",
  ).action(async (taskId: string, options: WorkspaceOptions & { agent: string; instance?: string }) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const agent = findAgent(await agentsOf(ctx, cloud, workspaceId), options.agent);
    const instance =
      options.instance === undefined
        ? undefined
        : findInstance(await instancesOf(ctx, cloud, workspaceId), options.instance);
    const task = await cloud.call("assignTask", {
      params: { workspaceId, taskId },
      body: { agentId: agent.id, ...(instance ? { instanceId: instance.id } : {}) },
      idempotencyKey: idempotencyKey("assign"),
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, task);
    ctx.out.line(
      instance
        ? `Assigned ${task.id} to ${agent.name} on ${instance.name}; only that gateway picks it up.`
        : `Assigned ${task.id} to ${agent.name}; its gateway picks it up.`,
    );
  });

  withWorkspaceOptions(
    tasks
      .command("cancel")
      .description("cancel a task that is not finished; the gateway working on it stops")
      .argument("<task>", "the task id (tsk_…)", taskIdArgument),
    "print the cancelled task as JSON",
  ).action(async (taskId: string, options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const task = await cloud.call("transitionTask", {
      params: { workspaceId, taskId },
      body: { to: "cancelled" },
      idempotencyKey: idempotencyKey("cancel"),
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, task);
    ctx.out.line(`Cancelled ${task.id} (${task.title}); it is now ${describeTaskState(task)}.`);
  });
}

import type { CloudClient } from "@multiclaw/cloud-client";
import {
  type Agent,
  CreateAgentRequest,
  DisplayName,
  Provider,
  type UpdateAgentRequest,
} from "@multiclaw/protocol";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { findByName } from "../workspace/find-by-name.ts";
import { schemaArgument } from "../workspace/schema-argument.ts";
import { toolPatternList } from "../workspace/tool-patterns.ts";
import {
  printJson,
  targetWorkspace,
  type WorkspaceOptions,
  withWorkspaceOptions,
} from "../workspace/workspace-options.ts";
import {
  type AgentFileOptions,
  checkOneStdinFile,
  instructionsToSend,
  mcpServersHelp,
  readMcpServersFile,
} from "./agents-command-input.ts";
import { renderAgents, summariseAgent } from "./agents-command-render.ts";

/*
 * `multiclaw agents`: the workspace's agents — name, instructions, provider and model, tool policy, MCP servers.
 * Changes reach every gateway of the workspace at once (they sync from the Cloud). Creating, changing and
 * removing agents needs the owner or admin role; any member may list them.
 */

interface AgentSettingOptions extends AgentFileOptions, WorkspaceOptions {
  name?: string;
  provider?: Provider;
  model?: string;
  requireApproval?: string[];
  deny?: string[];
}

/** A name as it would be typed in a shell: quoted only when it has to be. */
function shellWord(text: string): string {
  return /^[\w.@%+=:,/-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The options `create` and `edit` share; `edit` changes only those given. */
function withAgentSettings(command: Command): Command {
  return command
    .addOption(
      new Option("--name <name>", "the agent's name (unique names are easier to use)").argParser(
        schemaArgument(DisplayName),
      ),
    )
    .addOption(new Option("--provider <provider>", "whose model it uses").choices(Provider.options))
    .addOption(
      new Option("--model <model>", "the model id, e.g. claude-sonnet-4-5, gpt-5").argParser(
        schemaArgument(CreateAgentRequest.shape.model),
      ),
    )
    .option(
      "--instructions-file <path>",
      "the agent's instructions from a file, or - for standard input (default on a terminal: your $VISUAL/$EDITOR)",
    )
    .option(
      "--require-approval <tools>",
      "tools that wait for a person's approval each time, comma-separated (shell.run,github__*); '' for none",
      toolPatternList,
    )
    .option(
      "--deny <tools>",
      "tools the agent may not call at all, comma-separated; '' for none",
      toolPatternList,
    )
    .option(
      "--mcp-servers <file>",
      "the agent's MCP servers, from a Claude Desktop or Cursor mcpServers file (- for standard input)",
    )
    .addHelpText("after", mcpServersHelp);
}

async function listAgents(ctx: CliContext, cloud: CloudClient, workspaceId: string): Promise<Agent[]> {
  const { agents } = await cloud.call("listAgents", { params: { workspaceId }, signal: ctx.signal });
  return agents;
}

/** The agent a person means, by name (any case) or id. */
async function resolveAgent(
  ctx: CliContext,
  cloud: CloudClient,
  workspaceId: string,
  wanted: string,
): Promise<Agent> {
  return findByName(await listAgents(ctx, cloud, workspaceId), wanted, {
    what: "agent",
    names: (agent) => [agent.name],
    describe: (agent) => `${agent.name} (${agent.id})`,
  });
}

export function registerAgentsCommand(program: Command, ctx: CliContext): void {
  const agents = program
    .command("agents")
    .description("the workspace's agents: instructions, model, tool policy and MCP servers");

  withWorkspaceOptions(
    agents.command("list").description("show the workspace's agents"),
    "print the Cloud's list of agents as JSON",
  ).action(async (options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const list = await cloud.call("listAgents", { params: { workspaceId }, signal: ctx.signal });
    if (options.json) return printJson(ctx, list);
    ctx.out.line(renderAgents(list.agents, { colour: ctx.out.colour, now: Date.now() }));
  });

  withWorkspaceOptions(
    withAgentSettings(
      agents
        .command("create")
        .description("create an agent (owner or admin); --name, --provider and --model are required"),
    ),
    "print the new agent as JSON",
  ).action(async (options: AgentSettingOptions) => {
    const missing = (["name", "provider", "model"] as const).filter(
      (option) => options[option] === undefined,
    );
    if (missing.length > 0) {
      throw new CliError(`agents create needs ${missing.map((option) => `--${option}`).join(", ")}`, {
        code: "VALIDATION_FAILED",
      });
    }
    checkOneStdinFile(options);
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const mcpServers =
      options.mcpServers === undefined ? undefined : await readMcpServersFile(ctx, options.mcpServers);
    const instructions = await instructionsToSend(ctx, options, { text: "", openEditor: true });
    const request = CreateAgentRequest.parse({
      name: options.name,
      provider: options.provider,
      model: options.model,
      ...(instructions === undefined ? {} : { instructions }),
      toolPolicy: { requireApproval: options.requireApproval ?? [], deny: options.deny ?? [] },
      ...(mcpServers === undefined ? {} : { mcpServers }),
    });
    const agent = await cloud.call("createAgent", {
      params: { workspaceId },
      body: request,
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, agent);
    ctx.out.line(`Created ${summariseAgent(agent)}.`);
    ctx.out.note(`Chat with it: multiclaw chat ${shellWord(agent.name)} "…"`);
  });

  withWorkspaceOptions(
    withAgentSettings(
      agents
        .command("edit")
        .description(
          "change an agent (owner or admin): only what is given changes; alone on a terminal, opens its instructions in your editor",
        )
        .argument("<agent>", "the agent's name or id"),
    ),
    "print the changed agent as JSON",
  ).action(async (wanted: string, options: AgentSettingOptions) => {
    checkOneStdinFile(options);
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const current = await resolveAgent(ctx, cloud, workspaceId, wanted);
    const settingGiven = (
      ["name", "provider", "model", "requireApproval", "deny", "mcpServers", "instructionsFile"] as const
    ).some((option) => options[option] !== undefined);
    const mcpServers =
      options.mcpServers === undefined ? undefined : await readMcpServersFile(ctx, options.mcpServers);
    const instructions = await instructionsToSend(ctx, options, {
      text: current.instructions,
      openEditor: !settingGiven,
    });
    const update: UpdateAgentRequest = {
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(instructions === undefined ? {} : { instructions }),
      ...(options.requireApproval === undefined && options.deny === undefined
        ? {}
        : {
            toolPolicy: {
              requireApproval: options.requireApproval ?? current.toolPolicy.requireApproval,
              deny: options.deny ?? current.toolPolicy.deny,
            },
          }),
      ...(mcpServers === undefined ? {} : { mcpServers }),
    };
    if (Object.keys(update).length === 0) {
      throw new CliError(
        "nothing to change: give --name, --provider, --model, --instructions-file, --require-approval, --deny or --mcp-servers",
        { code: "VALIDATION_FAILED" },
      );
    }
    const agent = await cloud.call("updateAgent", {
      params: { workspaceId, agentId: current.id },
      // Refused with CONFLICT if someone changed the agent since it was read (while the editor was open, say).
      body: { ...update, expectedRevision: current.revision },
      signal: ctx.signal,
    });
    if (options.json) return printJson(ctx, agent);
    ctx.out.line(`Changed ${summariseAgent(agent)}.`);
  });

  withWorkspaceOptions(
    agents
      .command("remove")
      .description("delete an agent (owner or admin); its gateways stop running it")
      .argument("<agent>", "the agent's name or id"),
    "print the removed agent as JSON",
  ).action(async (wanted: string, options: WorkspaceOptions) => {
    const workspaceId = await targetWorkspace(ctx, options);
    const cloud = await ctx.userCloud();
    const agent = await resolveAgent(ctx, cloud, workspaceId, wanted);
    await cloud.call("deleteAgent", { params: { workspaceId, agentId: agent.id }, signal: ctx.signal });
    if (options.json) return printJson(ctx, agent);
    ctx.out.line(`Removed ${agent.name} (${agent.id}).`);
  });
}

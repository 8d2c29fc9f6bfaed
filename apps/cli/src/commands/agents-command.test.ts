import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { waitFor } from "@multiclaw/gateway/testing/wait-for";
import { Agent, AgentList } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestTeam, type TestTeam } from "../testing/workspace-test-kit.ts";

const require = createRequire(import.meta.url);
/** The official filesystem MCP server, as a person would run it from their Claude Desktop config. */
const filesystemServer = join(
  dirname(require.resolve("@modelcontextprotocol/server-filesystem/package.json")),
  "dist",
  "index.js",
);

let team: TestTeam;
let files: string;
beforeAll(async () => {
  team = await startTestTeam();
  files = await mkdtemp(join(tmpdir(), "multiclaw-cli-agents-"));
});
afterAll(async () => {
  await team?.close();
  await rm(files, { recursive: true, force: true });
});

/** A claude_desktop_config.json as Claude Desktop writes it, with the official filesystem server. */
async function claudeDesktopConfig(): Promise<string> {
  const path = join(files, "claude_desktop_config.json");
  await writeFile(
    path,
    JSON.stringify({
      mcpServers: {
        files: { command: process.execPath, args: [filesystemServer, files] },
        github: {
          command: "npx",
          args: ["-y", "@modelcontextprotocol/server-github"],
          env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_canary_not_printed" },
          disabled: true,
        },
      },
    }),
  );
  return path;
}

async function agentsInCloud(): Promise<Agent[]> {
  return (await team.owner.cloud.call("listAgents", { params: { workspaceId: team.workspaceId } })).agents;
}

describe("multiclaw agents", () => {
  it("creates an agent from a Claude Desktop mcpServers file, and the gateway runs its server", async () => {
    const config = await claudeDesktopConfig();
    const created = await team.run(
      [
        "agents",
        "create",
        "--name",
        "Writer",
        "--provider",
        "anthropic",
        "--model",
        "claude-test",
        "--instructions-file",
        "-",
        "--require-approval",
        "files__write_file, shell.*",
        "--mcp-servers",
        config,
        "--json",
      ],
      { stdin: "You write short notes.\n" },
    );
    expect(created.code).toBe(0);
    const agent = Agent.parse(JSON.parse(created.stdout));
    expect(agent).toMatchObject({
      name: "Writer",
      instructions: "You write short notes.",
      provider: "anthropic",
      model: "claude-test",
      toolPolicy: { requireApproval: ["files__write_file", "shell.*"], deny: [] },
      mcpServers: {
        files: { command: process.execPath, args: [filesystemServer, files], env: {}, enabled: true },
        github: { env: { GITHUB_PERSONAL_ACCESS_TOKEN: "ghp_canary_not_printed" }, enabled: false },
      },
    });
    expect(created.stderr).toContain(
      "Note: github.env.GITHUB_PERSONAL_ACCESS_TOKEN will be stored with the agent in the Cloud, readable by every member",
    );
    expect(created.stderr).not.toContain("ghp_canary_not_printed");

    // The owner's gateway (signed in to the workspace) picks the agent up and starts the file server.
    const gateway = await team.gatewayOf(team.owner);
    const running = await waitFor(
      "the gateway to run the agent's file server",
      async () => {
        const status = await gateway.client.status();
        const server = status.agents
          .find((candidate) => candidate.id === agent.id)
          ?.mcpServers.find((candidate) => candidate.name === "files");
        return server?.state === "running" ? server : undefined;
      },
      { timeoutMs: 30_000, context: () => gateway.output().slice(-2000) },
    );
    expect(running.toolCount).toBeGreaterThan(0);

    const listed = await team.run(["agents", "list"]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /│ Writer\s+│ agt_\w+\s+│ anthropic\/claude-test\s+│ files \(stdio\)\s+│ ask: files__write_file, shell\.\*/,
    );
    expect(listed.stdout).toMatch(/│ github \(stdio, off\)/);
    expect(listed.stdout).not.toContain("ghp_canary_not_printed");
    const json = AgentList.parse(JSON.parse((await team.run(["agents", "list", "--json"])).stdout));
    expect(json.agents).toEqual([agent]);
  });

  it("edits only what is given, by name, and opens the instructions in $VISUAL on a terminal", async () => {
    const before = (await agentsInCloud()).find((agent) => agent.name === "Writer") as Agent;
    const model = await team.run(["agents", "edit", "writer", "--model", "claude-other"]);
    expect(model).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /^Changed Writer \(agt_\w+\): anthropic\/claude-other, MCP servers: files, github\.\n$/,
      ),
    });
    const afterModel = (await agentsInCloud()).find((agent) => agent.id === before.id) as Agent;
    expect(afterModel).toMatchObject({
      model: "claude-other",
      instructions: before.instructions,
      toolPolicy: before.toolPolicy,
      mcpServers: before.mcpServers,
    });

    // Nothing but the agent given, on a terminal: the editor opens on the current instructions.
    const edited = await team.run(["agents", "edit", before.id], {
      terminal: true,
      env: { VISUAL: "sed -i s/short/brief/", EDITOR: "false" },
    });
    expect(edited.code).toBe(0);
    expect(edited.stderr).toContain("Write the agent's instructions in your editor");
    const afterEdit = (await agentsInCloud()).find((agent) => agent.id === before.id) as Agent;
    expect(afterEdit.instructions).toBe("You write brief notes.");
    expect(afterEdit.model).toBe("claude-other");

    // An editor that fails changes nothing.
    const failed = await team.run(["agents", "edit", "Writer"], { terminal: true, env: { VISUAL: "false" } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(
      "Write the agent's instructions in your editor; save and quit to continue.\n" +
        "the editor (false) exited with 1; nothing was changed. Set VISUAL or EDITOR, or give --instructions-file\n",
    );
    expect((await agentsInCloud()).find((agent) => agent.id === before.id)?.revision).toBe(
      afterEdit.revision,
    );

    // Without a terminal, nothing to change is an error, not an editor.
    const nothing = await team.run(["agents", "edit", "Writer"]);
    expect(nothing.code).toBe(1);
    expect(nothing.stderr).toContain("VALIDATION_FAILED: nothing to change");

    const policy = await team.run([
      "agents",
      "edit",
      "Writer",
      "--deny",
      "shell.run",
      "--require-approval",
      "",
      "--json",
    ]);
    expect(Agent.parse(JSON.parse(policy.stdout)).toolPolicy).toEqual({
      requireApproval: [],
      deny: ["shell.run"],
    });
  });

  it("takes a new agent's instructions from $EDITOR on a terminal, and none without one", async () => {
    const written = await team.run(
      ["agents", "create", "--name", "Planner", "--provider", "openai", "--model", "gpt-test", "--json"],
      { terminal: true, env: { EDITOR: "printf 'You plan trips.\\n\\n' >" } },
    );
    expect(written.code).toBe(0);
    expect(Agent.parse(JSON.parse(written.stdout)).instructions).toBe("You plan trips.");
    const piped = await team.run(
      ["agents", "create", "--name", "Quiet", "--provider", "openai", "--model", "gpt-test", "--json"],
      {
        env: { EDITOR: "false" },
      },
    );
    expect(Agent.parse(JSON.parse(piped.stdout)).instructions).toBe("");
    for (const name of ["Planner", "Quiet"])
      expect((await team.run(["agents", "remove", name])).code).toBe(0);
  });

  it("refuses an mcpServers file with bad entries, naming each, and creates nothing", async () => {
    const path = join(files, "mcp.json");
    await writeFile(
      path,
      JSON.stringify({
        mcpServers: { "two words": { command: "x" }, remote: { type: "sse", url: "https://x.test/sse" } },
      }),
    );
    const result = await team.run([
      "agents",
      "create",
      "--name",
      "Bad",
      "--provider",
      "openai",
      "--model",
      "gpt-test",
      "--mcp-servers",
      path,
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `VALIDATION_FAILED: ${path} is not a usable mcpServers file:\n` +
        `  mcpServers."two words": the name becomes the tools' prefix, so it must be letters, digits, - and _ (at most 64)\n` +
        `  mcpServers.remote.type: "sse" servers are not supported; the gateway speaks Streamable HTTP (give its /mcp URL)\n`,
    );
    const missing = await team.run([
      "agents",
      "create",
      "--name",
      "Bad",
      "--mcp-servers",
      join(files, "nope.json"),
    ]);
    expect(missing.stderr).toBe("VALIDATION_FAILED: agents create needs --provider, --model\n");
    expect((await agentsInCloud()).map((agent) => agent.name)).toEqual(["Writer"]);
  });

  it("gives a member the Cloud's refusal to create, change or remove agents", async () => {
    const create = await team.run(
      ["agents", "create", "--name", "Mine", "--provider", "openai", "--model", "gpt-test"],
      {
        as: team.member,
      },
    );
    expect(create).toMatchObject({
      code: 1,
      stdout: "",
      stderr: "FORBIDDEN: This needs the admin role or higher; you are member\n",
    });
    const edit = await team.run(["agents", "edit", "Writer", "--model", "gpt-test"], { as: team.member });
    expect(edit).toMatchObject({
      code: 1,
      stderr: "FORBIDDEN: This needs the admin role or higher; you are member\n",
    });
    const remove = await team.run(["agents", "remove", "Writer"], { as: team.member });
    expect(remove).toMatchObject({
      code: 1,
      stderr: "FORBIDDEN: This needs the admin role or higher; you are member\n",
    });
    const list = await team.run(["agents", "list"], { as: team.member });
    expect(list.code).toBe(0);
    expect(list.stdout).toContain("Writer");
  });

  it("acts in the gateway's workspace by default, and removes an agent by name", async () => {
    const unknown = await team.runExactly(["agents", "remove", "Nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /^NOT_FOUND: no agent "Nobody" in this workspace \(agents: Writer \(agt_\w+\)\)\n$/,
    );
    const removed = await team.runExactly(["agents", "remove", "writer", "--json"]);
    expect(removed.code).toBe(0);
    expect(Agent.parse(JSON.parse(removed.stdout)).name).toBe("Writer");
    expect(await agentsInCloud()).toEqual([]);
    const empty = await team.runExactly(["agents", "list"]);
    expect(empty.stdout).toBe(
      "No agents yet. Create one with `multiclaw agents create --name <name> --provider <provider> --model <model>`.\n",
    );
  });
});

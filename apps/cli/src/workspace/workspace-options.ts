import { WorkspaceId } from "@multiclaw/protocol";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { schemaArgument } from "./schema-argument.ts";

/*
 * The two options every workspace command has (`keys`, `agents`, `tasks`, `team`): `--json` for scripts and
 * `--workspace <id>` for a workspace other than the gateway's. Without `--workspace` the command acts in the
 * workspace the gateway is signed in to, as `multiclaw status` shows it.
 */

export interface WorkspaceOptions {
  json?: boolean;
  workspace?: string;
}

const workspaceIdArgument = schemaArgument(
  WorkspaceId,
  "must be a workspace id (ws_…), as `multiclaw status` shows",
);

/** Adds `--json` and `--workspace <id>` to a command. */
export function withWorkspaceOptions(command: Command, json = "print the result as JSON"): Command {
  return command
    .option("--json", json)
    .addOption(
      new Option("--workspace <id>", "act in this workspace (default: the gateway's)").argParser(
        workspaceIdArgument,
      ),
    );
}

/**
 * The workspace a command acts in: `--workspace`; else the one the gateway is signed in to; else, for a
 * gateway that is not signed in itself but holds a user's session, that user's only workspace.
 */
export async function targetWorkspace(ctx: CliContext, options: WorkspaceOptions): Promise<string> {
  if (options.workspace !== undefined) return options.workspace;
  const gateway = await ctx.connect();
  const status = await gateway.status({ signal: ctx.signal });
  if (status.signedIn !== null) return status.signedIn.workspace.workspaceId;
  const user = await gateway.user({ signal: ctx.signal });
  const workspaces = user.state === "signed-in" ? user.workspaces : [];
  const [only] = workspaces;
  if (only && workspaces.length === 1) return only.workspaceId;
  const choices = workspaces.map(
    (workspace) => `${workspace.workspaceId} (${workspace.name}, ${workspace.role})`,
  );
  throw new CliError(
    choices.length > 0
      ? `the gateway is not signed in to a workspace; name one of yours with --workspace <id>: ${choices.join(", ")}`
      : "the gateway is not signed in, so there is no default workspace; run `multiclaw login`, or name one with --workspace <id>",
    { code: "NOT_SIGNED_IN" },
  );
}

/** Prints exactly `data` as JSON on stdout: what `--json` promises scripts. */
export function printJson(ctx: CliContext, data: unknown): void {
  ctx.out.line(JSON.stringify(data, null, 2));
}

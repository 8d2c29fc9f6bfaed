import { readFile } from "node:fs/promises";
import { type McpServers, secretLookingValues } from "@multiclaw/protocol";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { canOpenEditor, instructionsFromEditor, readInstructionsFile } from "../editor/read-instructions.ts";
import { importMcpServers, McpServersFileError } from "../mcp-servers/import-mcp-servers.ts";
import { readAllInput } from "../prompts/prompters.ts";

/*
 * The parts of `agents create` and `agents edit` that read files: instructions (file, stdin or editor) and the
 * `mcpServers` file, with the note about credentials in it.
 */

export interface AgentFileOptions {
  instructionsFile?: string;
  mcpServers?: string;
}

export const mcpServersHelp = `
--mcp-servers takes the file you already have for Claude Desktop (claude_desktop_config.json) or Cursor
(.cursor/mcp.json): { "mcpServers": { "<name>": { "command": "npx", "args": [...], "env": {...} } } }, or
{ "url": "https://…/mcp", "headers": {...} } for a remote (Streamable HTTP) server. Each name becomes the
prefix of that server's tools (<name>__<tool>). Every gateway of the workspace runs the agent's servers.

Credentials in "env" or "headers" are stored with the agent in the Cloud as written: unlike provider keys they
are not encrypted, every member of the workspace can read them (agents list --json), and every gateway that
runs the agent receives them. The CLI warns about values that look like credentials and never prints them in
its tables; give such servers a token made for this use, with the least rights it needs.`;

export async function readMcpServersFile(ctx: CliContext, path: string): Promise<McpServers> {
  let text: string;
  try {
    text = path === "-" ? await readAllInput(ctx.stdin) : await readFile(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError(`cannot read --mcp-servers ${path}: ${reason}`, {
      code: "VALIDATION_FAILED",
      cause: error,
    });
  }
  try {
    const servers = importMcpServers(text);
    const credentials = secretLookingValues(servers);
    if (credentials.length > 0) {
      ctx.out.note(
        `Note: ${credentials.join(", ")} will be stored with the agent in the Cloud, readable by every member ` +
          "of the workspace and sent to every gateway that runs it (see `multiclaw agents create --help`).",
      );
    }
    return servers;
  } catch (error) {
    if (!(error instanceof McpServersFileError)) throw error;
    const list = error.problems.map((problem) => `\n  ${problem}`).join("");
    const file = path === "-" ? "standard input" : path;
    throw new CliError(`${file} is not a usable mcpServers file:${list}`, {
      code: "VALIDATION_FAILED",
      cause: error,
    });
  }
}

/**
 * The instructions to send: from --instructions-file, else from the editor on a terminal (starting from
 * `current`), else undefined (nothing given; on create the Cloud's default, empty, applies).
 */
/** Standard input can feed one of the two files, not both. */
export function checkOneStdinFile(options: AgentFileOptions): void {
  if (options.instructionsFile === "-" && options.mcpServers === "-") {
    throw new CliError("--instructions-file and --mcp-servers cannot both read standard input (-)", {
      code: "VALIDATION_FAILED",
    });
  }
}

export async function instructionsToSend(
  ctx: CliContext,
  options: AgentFileOptions,
  current: { text: string; openEditor: boolean },
): Promise<string | undefined> {
  if (options.instructionsFile !== undefined) return readInstructionsFile(ctx, options.instructionsFile);
  if (current.openEditor && canOpenEditor(ctx)) return instructionsFromEditor(ctx, current.text);
  return undefined;
}

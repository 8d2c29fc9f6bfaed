import { readFile } from "node:fs/promises";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { readAllInput } from "../prompts/prompters.ts";
import { editInEditor } from "./edit-in-editor.ts";

/*
 * Where an agent's instructions come from: `--instructions-file <path>`, `-` for standard input, or — on a
 * terminal, when no file is given — the person's editor. Trailing whitespace an editor leaves is trimmed.
 */

/** The text of `--instructions-file`: a file, or stdin for `-`. */
export async function readInstructionsFile(ctx: CliContext, path: string): Promise<string> {
  if (path === "-") return (await readAllInput(ctx.stdin)).trimEnd();
  try {
    return (await readFile(path, "utf8")).trimEnd();
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new CliError(`cannot read --instructions-file ${path}: ${reason}`, {
      code: "VALIDATION_FAILED",
      cause: error,
    });
  }
}

/** Whether the editor may be opened: stdin and stdout are both a terminal (nobody to type in a pipe). */
export function canOpenEditor(ctx: CliContext): boolean {
  return ctx.stdin.isTTY === true && ctx.out.stdout.isTTY === true;
}

/** Opens the editor on `current`; says where the text is going first, as git does. */
export async function instructionsFromEditor(ctx: CliContext, current: string): Promise<string> {
  ctx.out.note("Write the agent's instructions in your editor; save and quit to continue.");
  const text = await editInEditor({
    env: ctx.env,
    initial: current,
    fileName: "instructions.md",
    signal: ctx.signal,
  });
  return text.trimEnd();
}

import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CliError } from "../cli-error.ts";

/*
 * Long text (an agent's instructions) is written in the person's own editor, as `git commit` and
 * `gh pr create` do: $VISUAL, else $EDITOR, else vi, run through the shell so `EDITOR="code --wait"` works,
 * on a private temp file that is removed afterwards. Quitting the editor with an error (`:cq` in vim) cancels.
 */

export function chosenEditor(env: NodeJS.ProcessEnv): string {
  for (const name of ["VISUAL", "EDITOR"] as const) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return "vi";
}

/**
 * Opens the editor on `initial` in a temp file named `fileName` (its extension picks the editor's mode) and
 * resolves with what was saved.
 *
 * @example const instructions = await editInEditor({ env: process.env, initial: "", fileName: "instructions.md" });
 */
export async function editInEditor(options: {
  env: NodeJS.ProcessEnv;
  initial: string;
  fileName: string;
  signal: AbortSignal;
}): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "multiclaw-edit-"));
  const file = join(directory, options.fileName);
  try {
    await writeFile(file, options.initial, { mode: 0o600 });
    const editor = chosenEditor(options.env);
    // `sh -c '<editor> "$1"' sh <file>`: the editor string may carry its own arguments; the path is never parsed.
    const child = spawn("sh", ["-c", `${editor} "$1"`, "sh", file], {
      stdio: "inherit",
      env: options.env,
      signal: options.signal,
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", (error) =>
        reject(new CliError(`could not run the editor (${editor}): ${error.message}`, { cause: error })),
      );
      child.once("exit", (exitCode) => resolve(exitCode));
    });
    if (code !== 0) {
      throw new CliError(
        `the editor (${editor}) exited with ${code ?? "a signal"}; nothing was changed. ` +
          "Set VISUAL or EDITOR, or give --instructions-file",
      );
    }
    return await readFile(file, "utf8");
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

import { constants } from "node:fs";
import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tool.ts";
import { fileToolFailure } from "./file-tool-failure.ts";
import { formatBytes } from "./text-output.ts";
import type { WorkspacePaths } from "./workspace-paths.ts";

export interface FilesWriteOptions {
  workspace: WorkspacePaths;
  /** Largest content one call may write. Default 1 MiB. */
  maxWriteBytes?: number;
}

const FilesWriteInput = z.strictObject({
  path: z.string().min(1).max(4096).describe("Path of the file, relative to the workspace directory"),
  content: z.string().describe("The text to write (UTF-8)"),
  mode: z
    .enum(["overwrite", "append", "create"])
    .default("overwrite")
    .describe("overwrite (the default) replaces the file, append adds to its end, create fails if it exists"),
});
export type FilesWriteInput = z.infer<typeof FilesWriteInput>;

const flagsOf: Record<FilesWriteInput["mode"], number> = {
  overwrite: constants.O_WRONLY | constants.O_CREAT,
  append: constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND,
  create: constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL,
};

/**
 * `files.write`: writes a text file in the workspace, making missing parent directories.
 *
 * @example createFilesWriteTool({ workspace: createWorkspacePaths(dir) })
 */
export function createFilesWriteTool(options: FilesWriteOptions): Tool<FilesWriteInput> {
  const { workspace } = options;
  const maxWriteBytes = options.maxWriteBytes ?? 1024 * 1024;
  return {
    name: "files.write",
    description:
      "Write a text file in the agent's workspace directory (relative path; parent directories are created). " +
      `At most ${formatBytes(maxWriteBytes)} per call; use mode append to write more.`,
    input: zodInput(FilesWriteInput),
    async execute(input) {
      const bytes = Buffer.from(input.content, "utf8");
      if (bytes.length > maxWriteBytes) {
        return toolFailure(
          "TOOL_INPUT_INVALID",
          `the content is ${formatBytes(bytes.length)}; one call writes at most ${formatBytes(maxWriteBytes)} (write the rest with mode append)`,
        );
      }
      try {
        const real = await workspace.resolveForCreate(input.path, { createParents: true });
        const shown = workspace.display(real);
        // O_NONBLOCK: a FIFO without a reader fails at once instead of hanging the tool.
        const handle = await workspace.openInside(real, flagsOf[input.mode] | constants.O_NONBLOCK);
        try {
          const info = await handle.stat();
          if (!info.isFile()) return toolFailure("TOOL_FAILED", `${shown} is not a regular file`);
          // Truncated only now, after the descriptor was proven to be inside the workspace (no O_TRUNC).
          if (input.mode === "overwrite") await handle.truncate(0);
          await handle.writeFile(bytes);
          const verb = input.mode === "append" ? "Appended" : "Wrote";
          return { ok: true, output: `${verb} ${formatBytes(bytes.length)} to ${shown}.` };
        } finally {
          await handle.close();
        }
      } catch (error) {
        return fileToolFailure(error);
      }
    },
  };
}

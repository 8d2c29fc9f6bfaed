import { lstat } from "node:fs/promises";
import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tool.ts";
import { fileToolFailure } from "./file-tool-failure.ts";
import { formatBytes, truncateText } from "./text-output.ts";
import type { WorkspacePaths } from "./workspace-paths.ts";
import { unwalkedDirectories, walkWorkspace } from "./workspace-walk.ts";

export interface FilesListOptions {
  workspace: WorkspacePaths;
  /** Most entries one call lists. Default 1000. */
  maxEntries?: number;
  /** Deepest level a recursive listing enters. Default 8. */
  maxDepth?: number;
}

const FilesListInput = z.strictObject({
  path: z
    .string()
    .max(4096)
    .default(".")
    .describe("Directory relative to the workspace directory; . for the root"),
  recursive: z.boolean().default(false).describe("Also list the contents of subdirectories"),
});
export type FilesListInput = z.infer<typeof FilesListInput>;

/**
 * `files.list`: the entries of a workspace directory, one a line: `name/` for directories, `name (size)` for
 * files, `name@ (symlink)` for links (never followed).
 *
 * @example createFilesListTool({ workspace: createWorkspacePaths(dir) })
 */
export function createFilesListTool(options: FilesListOptions): Tool<FilesListInput> {
  const { workspace } = options;
  const maxEntries = options.maxEntries ?? 1000;
  const maxDepth = options.maxDepth ?? 8;
  return {
    name: "files.list",
    description:
      "List a directory of the agent's workspace (relative path, . for the root), optionally recursively. " +
      `Symlinks are shown, not followed; ${[...unwalkedDirectories].join(" and ")} are not entered.`,
    input: zodInput(FilesListInput),
    async execute(input, context) {
      try {
        const real = await workspace.resolveExisting(input.path);
        const shown = workspace.display(real);
        if (!(await lstat(real)).isDirectory()) {
          return toolFailure("TOOL_FAILED", `${shown} is not a directory; use files.read`);
        }
        const lines: string[] = [];
        let more = false;
        const walk = walkWorkspace(workspace, real, {
          maxDepth: input.recursive ? maxDepth : 0,
          signal: context.signal,
        });
        for await (const entry of walk) {
          if (lines.length >= maxEntries) {
            more = true;
            break;
          }
          const { dirent, relativePath } = entry;
          if (dirent.isSymbolicLink()) lines.push(`${relativePath}@ (symlink, not followed)`);
          else if (dirent.isDirectory()) {
            lines.push(`${relativePath}/${input.recursive && entry.notEntered ? " (not entered)" : ""}`);
          } else if (dirent.isFile()) {
            const size = await lstat(entry.realPath).then(
              (info) => formatBytes(info.size),
              () => "?",
            );
            lines.push(`${relativePath} (${size})`);
          } else lines.push(`${relativePath} (special file)`);
        }
        if (lines.length === 0) return { ok: true, output: `(${shown} is empty)` };
        const note = more ? `\n[more entries not shown: the listing stops at ${maxEntries}]` : "";
        return { ok: true, output: truncateText(lines.join("\n"), 200_000) + note };
      } catch (error) {
        if (context.signal.aborted) return toolFailure("RUN_CANCELLED", "the listing was cancelled");
        return fileToolFailure(error);
      }
    },
  };
}

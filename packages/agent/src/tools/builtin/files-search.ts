import { constants } from "node:fs";
import { lstat } from "node:fs/promises";
import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tool.ts";
import { fileToolFailure } from "./file-tool-failure.ts";
import { formatBytes, looksBinary } from "./text-output.ts";
import type { WorkspacePaths } from "./workspace-paths.ts";
import { unwalkedDirectories, walkWorkspace } from "./workspace-walk.ts";

export interface FilesSearchOptions {
  workspace: WorkspacePaths;
  /** Most matching lines one call returns. Default 100. */
  maxResults?: number;
  /** Files larger than this are skipped (and counted). Default 1 MiB. */
  maxFileBytes?: number;
  /** Most files one search reads. Default 20 000. */
  maxFiles?: number;
  /** Deepest level the search enters. Default 16. */
  maxDepth?: number;
}

const FilesSearchInput = z.strictObject({
  query: z.string().min(1).max(1000).describe("The text to look for (plain text, not a pattern)"),
  path: z.string().max(4096).default(".").describe("Directory or file to search, relative to the workspace"),
  caseSensitive: z.boolean().default(false),
});
export type FilesSearchInput = z.infer<typeof FilesSearchInput>;

const maxLineChars = 240;

/** One matching line as `path:line: text`, long lines cut around the match. */
function formatMatch(path: string, lineNumber: number, line: string, index: number): string {
  let text = line.trim();
  if (text.length > maxLineChars) {
    const start = Math.max(0, index - (line.length - line.trimStart().length) - maxLineChars / 3);
    text = `${start > 0 ? "…" : ""}${text.slice(start, start + maxLineChars)}…`;
  }
  return `${path}:${lineNumber}: ${text}`;
}

/**
 * `files.search`: plain-text search through the workspace's text files. A literal search, not a regular
 * expression: the query comes from the model, and a pattern could take exponential time.
 *
 * @example createFilesSearchTool({ workspace: createWorkspacePaths(dir) })
 */
export function createFilesSearchTool(options: FilesSearchOptions): Tool<FilesSearchInput> {
  const { workspace } = options;
  const maxResults = options.maxResults ?? 100;
  const maxFileBytes = options.maxFileBytes ?? 1024 * 1024;
  const maxFiles = options.maxFiles ?? 20_000;
  const maxDepth = options.maxDepth ?? 16;
  return {
    name: "files.search",
    description:
      "Search the text files of the agent's workspace for a plain-text query; answers `path:line: text` lines. " +
      `Binary files, files over ${formatBytes(maxFileBytes)}, symlinks and ${[...unwalkedDirectories].join(" and ")} are skipped.`,
    input: zodInput(FilesSearchInput),
    async execute(input, context) {
      const needle = input.caseSensitive ? input.query : input.query.toLowerCase();
      const results: string[] = [];
      let filesRead = 0;
      let skippedLarge = 0;
      let stoppedEarly: string | undefined;

      const searchFile = async (realPath: string, shownPath: string) => {
        let content: Buffer;
        try {
          const handle = await workspace.openInside(realPath, constants.O_RDONLY | constants.O_NONBLOCK);
          try {
            const info = await handle.stat();
            if (!info.isFile()) return;
            if (info.size > maxFileBytes) {
              skippedLarge++;
              return;
            }
            content = await handle.readFile();
          } finally {
            await handle.close();
          }
        } catch {
          // A file swapped for a symlink mid-search is skipped like any symlink, and so is an unreadable one.
          return;
        }
        filesRead++;
        if (looksBinary(content)) return;
        const lines = content.toString("utf8").split("\n");
        for (const [index, line] of lines.entries()) {
          const at = (input.caseSensitive ? line : line.toLowerCase()).indexOf(needle);
          if (at === -1) continue;
          if (results.length >= maxResults) {
            stoppedEarly = `more matches not shown: the search stops at ${maxResults}`;
            return;
          }
          results.push(formatMatch(shownPath, index + 1, line, at));
        }
      };

      try {
        const real = await workspace.resolveExisting(input.path);
        const shown = workspace.display(real);
        if ((await lstat(real)).isFile()) await searchFile(real, shown);
        else {
          const walk = walkWorkspace(workspace, real, { maxDepth, signal: context.signal });
          for await (const entry of walk) {
            if (!entry.dirent.isFile()) continue;
            if (filesRead >= maxFiles) stoppedEarly = `the search stops after ${maxFiles} files`;
            if (stoppedEarly) break;
            await searchFile(
              entry.realPath,
              shown === "." ? entry.relativePath : `${shown}/${entry.relativePath}`,
            );
          }
        }
      } catch (error) {
        if (context.signal.aborted) return toolFailure("RUN_CANCELLED", "the search was cancelled");
        return fileToolFailure(error);
      }
      const notes = [
        stoppedEarly,
        skippedLarge > 0 ? `${skippedLarge} file(s) over ${formatBytes(maxFileBytes)} skipped` : undefined,
      ].filter((note) => note !== undefined);
      const body = results.length > 0 ? results.join("\n") : `no matches for "${input.query}"`;
      return { ok: true, output: notes.length > 0 ? `${body}\n[${notes.join("; ")}]` : body };
    },
  };
}

import { constants } from "node:fs";
import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tool.ts";
import { fileToolFailure } from "./file-tool-failure.ts";
import { formatBytes, looksBinary, utf8Boundary } from "./text-output.ts";
import type { WorkspacePaths } from "./workspace-paths.ts";

export interface FilesReadOptions {
  workspace: WorkspacePaths;
  /** Most bytes one call returns; a longer file is read on with `offset`. Default 256 KiB. */
  maxReadBytes?: number;
}

const FilesReadInput = z.strictObject({
  path: z.string().min(1).max(4096).describe("Path of the file, relative to the workspace directory"),
  offset: z
    .number()
    .int()
    .min(0)
    .optional()
    .describe("Byte offset to start reading at, to continue a read that was cut short"),
});
export type FilesReadInput = z.infer<typeof FilesReadInput>;

/**
 * `files.read`: a text file of the workspace. Long files come back in parts, binary files are described.
 *
 * @example createFilesReadTool({ workspace: createWorkspacePaths(dir) })
 */
export function createFilesReadTool(options: FilesReadOptions): Tool<FilesReadInput> {
  const { workspace } = options;
  const maxReadBytes = options.maxReadBytes ?? 256 * 1024;
  return {
    name: "files.read",
    description:
      "Read a text file from the agent's workspace directory. Paths are relative to the workspace. " +
      `Returns at most ${formatBytes(maxReadBytes)} per call; pass the offset it names to read on.`,
    input: zodInput(FilesReadInput),
    async execute(input) {
      try {
        const real = await workspace.resolveExisting(input.path);
        const shown = workspace.display(real);
        // O_NONBLOCK: opening a FIFO someone placed in the workspace must not hang the tool.
        const handle = await workspace.openInside(real, constants.O_RDONLY | constants.O_NONBLOCK);
        try {
          const info = await handle.stat();
          if (info.isDirectory())
            return toolFailure("TOOL_FAILED", `${shown} is a directory; use files.list`);
          if (!info.isFile()) return toolFailure("TOOL_FAILED", `${shown} is not a regular file`);
          const offset = input.offset ?? 0;
          if (info.size === 0) return { ok: true, output: `(${shown} is empty)` };
          if (offset >= info.size) {
            return toolFailure(
              "TOOL_INPUT_INVALID",
              `offset ${offset} is at or past the end (${info.size} bytes)`,
            );
          }
          const buffer = Buffer.alloc(Math.min(info.size - offset, maxReadBytes));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          const bytes = buffer.subarray(0, bytesRead);
          if (looksBinary(bytes)) {
            return {
              ok: true,
              output: `${shown} is a binary file (${formatBytes(info.size)}); not shown as text.`,
            };
          }
          const end =
            offset + bytesRead < info.size ? utf8Boundary(bytes, bytesRead) || bytesRead : bytesRead;
          const text = bytes.subarray(0, end).toString("utf8");
          if (offset + end >= info.size) return { ok: true, output: text };
          const next = offset + end;
          return {
            ok: true,
            output: `${text}\n[truncated: bytes ${offset}–${next} of ${info.size} shown; call files.read with offset ${next} to read on]`,
          };
        } finally {
          await handle.close();
        }
      } catch (error) {
        return fileToolFailure(error);
      }
    },
  };
}

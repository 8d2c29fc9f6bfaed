import type { Tool } from "../tool.ts";
import { createFilesListTool, type FilesListOptions } from "./files-list.ts";
import { createFilesReadTool, type FilesReadOptions } from "./files-read.ts";
import { createFilesSearchTool, type FilesSearchOptions } from "./files-search.ts";
import { createFilesWriteTool, type FilesWriteOptions } from "./files-write.ts";
import { createWorkspacePaths } from "./workspace-paths.ts";

type Limits<T> = Omit<T, "workspace">;

export interface FileToolsOptions {
  /** The agent's own workspace directory; it must exist. Nothing outside it can be read or written. */
  workspaceDir: string;
  read?: Limits<FilesReadOptions>;
  write?: Limits<FilesWriteOptions>;
  list?: Limits<FilesListOptions>;
  search?: Limits<FilesSearchOptions>;
}

/**
 * The four file tools of one agent, sharing one path guard: files.read, files.write, files.list, files.search.
 *
 * @example const tools = createFileTools({ workspaceDir: "/home/me/.local/share/multiclaw/agents/a1" });
 */
export function createFileTools(options: FileToolsOptions): Tool[] {
  const workspace = createWorkspacePaths(options.workspaceDir);
  return [
    createFilesReadTool({ ...options.read, workspace }),
    createFilesWriteTool({ ...options.write, workspace }),
    createFilesListTool({ ...options.list, workspace }),
    createFilesSearchTool({ ...options.search, workspace }),
  ] as Tool[];
}

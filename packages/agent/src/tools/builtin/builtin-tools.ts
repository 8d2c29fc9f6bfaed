import type { Tool } from "../tool.ts";
import { createFileTools, type FileToolsOptions } from "./file-tools.ts";
import { createShellRunTool, type ShellRunOptions } from "./shell-run.ts";
import { createWebFetchTool, type WebFetchOptions } from "./web-fetch.ts";

export interface BuiltinToolsOptions {
  /** The agent's own workspace directory: the file tools' root and the shell's working directory. */
  workspaceDir: string;
  files?: Omit<FileToolsOptions, "workspaceDir">;
  shell?: Omit<ShellRunOptions, "workspaceDir">;
  /** Without it there is no web.fetch tool (it needs the gateway's guarded fetch and web-fetch window). */
  webFetch?: WebFetchOptions;
}

/**
 * Every built-in tool of one agent: files.read, files.write, files.list, files.search, shell.run and, when
 * configured, web.fetch.
 *
 * @example createBuiltinTools({ workspaceDir, webFetch: { fetch: guardedFetch, allowWebFetch } })
 */
export function createBuiltinTools(options: BuiltinToolsOptions): Tool[] {
  const tools: Tool[] = [
    ...createFileTools({ ...options.files, workspaceDir: options.workspaceDir }),
    createShellRunTool({ ...options.shell, workspaceDir: options.workspaceDir }) as Tool,
  ];
  if (options.webFetch) tools.push(createWebFetchTool(options.webFetch) as Tool);
  return tools;
}

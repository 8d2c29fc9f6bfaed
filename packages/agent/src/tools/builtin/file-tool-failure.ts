import { type ToolResult, toolFailure } from "../tool.ts";
import { WorkspaceFileError, WorkspacePathError } from "./workspace-paths.ts";

/** The tool answer for a path refusal or a file-system error; anything else is a bug and is rethrown. */
export function fileToolFailure(error: unknown): ToolResult {
  if (error instanceof WorkspacePathError) return toolFailure("PATH_OUTSIDE_WORKSPACE", error.message);
  if (error instanceof WorkspaceFileError) return toolFailure("TOOL_FAILED", error.message);
  throw error;
}

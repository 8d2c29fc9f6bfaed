import { stat } from "node:fs/promises";
import { z } from "zod";
import { type Tool, toolFailure, zodInput } from "../tool.ts";
import { minimalChildEnv } from "./child-env.ts";
import { runInProcessGroup } from "./process-group.ts";
import { formatBytes } from "./text-output.ts";

export interface ShellRunOptions {
  /** The agent's workspace directory: the command's working directory. */
  workspaceDir: string;
  /** Where the allow-listed variables (PATH, HOME, LANG…) are read from; nothing else is. Default process.env. */
  baseEnv?: Readonly<Record<string, string | undefined>>;
  /** Default 60 s. */
  defaultTimeoutMs?: number;
  /** The longest timeout a call may ask for. Default 10 min. */
  maxTimeoutMs?: number;
  /** Output kept per stream (stdout, stderr); the middle of longer output is dropped. Default 32 KiB. */
  maxOutputBytes?: number;
  /** Time between SIGTERM and SIGKILL when stopping. Default 2 s. */
  killGraceMs?: number;
  /** Default /bin/sh. */
  shell?: string;
}

function inputSchema(maxTimeoutMs: number) {
  return z.strictObject({
    command: z.string().min(1).max(32_768).describe("The command line, run by /bin/sh -c in the workspace"),
    timeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(Math.floor(maxTimeoutMs / 1000))
      .optional()
      .describe("Stop the command after this many seconds"),
  });
}
export type ShellRunInput = z.infer<ReturnType<typeof inputSchema>>;

function section(name: string, output: { totalBytes: number; text(): string }): string {
  return output.totalBytes === 0 ? "" : `\n${name}:\n${output.text()}`;
}

/**
 * `shell.run`: one command line through /bin/sh in the agent's workspace. Always needs the user's approval.
 * The child gets a minimal environment built from an allow-list (never the gateway's environment, which
 * holds provider keys), runs in its own process group, and is stopped with everything it started on timeout
 * or cancel; background jobs left behind are stopped when it ends.
 *
 * @example createShellRunTool({ workspaceDir: dir })
 */
export function createShellRunTool(options: ShellRunOptions): Tool<ShellRunInput> {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
  const maxTimeoutMs = options.maxTimeoutMs ?? 600_000;
  const maxOutputBytes = options.maxOutputBytes ?? 32 * 1024;
  return {
    name: "shell.run",
    description:
      "Run a shell command (/bin/sh -c) in the agent's workspace directory and return its exit code and " +
      `output (${formatBytes(maxOutputBytes)} per stream; the middle of longer output is left out). ` +
      `Stopped after ${defaultTimeoutMs / 1000} s unless timeoutSeconds says otherwise. No input is given.`,
    input: zodInput(inputSchema(maxTimeoutMs)),
    alwaysNeedsApproval: true,
    async execute(input, context) {
      const timeoutMs = Math.min(
        input.timeoutSeconds ? input.timeoutSeconds * 1000 : defaultTimeoutMs,
        maxTimeoutMs,
      );
      const workspace = await stat(options.workspaceDir).catch(() => undefined);
      if (!workspace?.isDirectory())
        return toolFailure("TOOL_FAILED", "the workspace directory is not available");
      let result: Awaited<ReturnType<typeof runInProcessGroup>>;
      try {
        result = await runInProcessGroup({
          file: options.shell ?? "/bin/sh",
          args: ["-c", input.command],
          cwd: options.workspaceDir,
          env: minimalChildEnv(options.baseEnv ?? process.env),
          timeoutMs,
          killGraceMs: options.killGraceMs ?? 2000,
          maxOutputBytes,
          signal: context.signal,
        });
      } catch (error) {
        const code = (error as { code?: string }).code;
        return toolFailure("TOOL_FAILED", `the command could not be started${code ? ` (${code})` : ""}`);
      }
      const output = section("stdout", result.stdout) + section("stderr", result.stderr) || "\n(no output)";
      if (result.outcome === "timed-out") {
        return toolFailure(
          "TOOL_TIMEOUT",
          `timed out after ${timeoutMs / 1000} s; the command and everything it started were stopped${output}`,
        );
      }
      if (result.outcome === "aborted")
        return toolFailure("RUN_CANCELLED", `the command was cancelled${output}`);
      const status =
        result.exitCode !== null ? `exit code ${result.exitCode}` : `killed by signal ${result.exitSignal}`;
      return { ok: true, output: status + output };
    },
  };
}

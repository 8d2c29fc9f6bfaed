/*
 * Runs one program in a process group of its own, so that a timeout or a cancel stops everything it started
 * (a shell's pipelines and background jobs), not only the program itself. Unix only: a negative pid signals
 * the whole group.
 */
import { spawn } from "node:child_process";
import { type CappedOutput, createCappedOutput } from "./capped-output.ts";

export interface GroupRunOptions {
  file: string;
  args: readonly string[];
  cwd: string;
  /** The complete environment of the child (nothing is inherited). */
  env: Record<string, string>;
  timeoutMs: number;
  /** Time between SIGTERM and SIGKILL. */
  killGraceMs: number;
  /** Budget per stream (stdout, stderr). */
  maxOutputBytes: number;
  signal: AbortSignal;
}

export interface GroupRunResult {
  /** `exited` when the program ended by itself (with any code), otherwise why it was stopped. */
  outcome: "exited" | "timed-out" | "aborted";
  exitCode: number | null;
  exitSignal: NodeJS.Signals | null;
  stdout: CappedOutput;
  stderr: CappedOutput;
}

/** Rejects only when the program cannot be started at all (missing cwd or interpreter). */
export function runInProcessGroup(options: GroupRunOptions): Promise<GroupRunResult> {
  return new Promise((resolve, reject) => {
    const stdout = createCappedOutput(options.maxOutputBytes);
    const stderr = createCappedOutput(options.maxOutputBytes);
    const child = spawn(options.file, [...options.args], {
      cwd: options.cwd,
      env: options.env,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let outcome: GroupRunResult["outcome"] = "exited";
    let exit: { code: number | null; signal: NodeJS.Signals | null } = { code: null, signal: null };
    let killTimer: NodeJS.Timeout | undefined;

    const signalGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // ESRCH: the group is already empty.
      }
    };
    const stopGroup = () => {
      signalGroup("SIGTERM");
      killTimer ??= setTimeout(() => signalGroup("SIGKILL"), options.killGraceMs);
    };
    const stop = (why: "timed-out" | "aborted") => {
      if (outcome === "exited") outcome = why;
      stopGroup();
    };
    const timeout = setTimeout(() => stop("timed-out"), options.timeoutMs);
    const onAbort = () => stop("aborted");
    options.signal.addEventListener("abort", onAbort, { once: true });
    const cleanUp = () => {
      clearTimeout(timeout);
      clearTimeout(killTimer);
      options.signal.removeEventListener("abort", onAbort);
    };

    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.once("error", (error) => {
      cleanUp();
      reject(error);
    });
    child.once("exit", (code, signal) => {
      exit = { code, signal };
      // Background jobs the program left behind belong to the command, which has ended: stop them too
      // (they would otherwise hold the output pipes open and outlive the tool call).
      stopGroup();
    });
    child.once("close", () => {
      cleanUp();
      signalGroup("SIGKILL");
      resolve({ outcome, exitCode: exit.code, exitSignal: exit.signal, stdout, stderr });
    });
    if (options.signal.aborted) onAbort();
  });
}

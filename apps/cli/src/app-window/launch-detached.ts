import { type ChildProcess, spawn as nodeSpawn, type SpawnOptions } from "node:child_process";

/** What came of starting a program: it runs (or did its job and left), or it could not. */
export type LaunchResult = { readonly started: true } | { readonly started: false; readonly why: string };

export interface LaunchRequest {
  readonly program: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** Windows: the program is cmd running `start ""`: arguments as written, no console window flashing up. */
  readonly throughCmd?: boolean;
}

/** Starts a program that outlives this command (the browser); tests pass a recorder instead. */
export type LaunchDetached = (request: LaunchRequest) => Promise<LaunchResult>;

export interface DetachedLauncherOptions {
  spawn?: (program: string, args: readonly string[], options: SpawnOptions) => ChildProcess;
  /**
   * How long to watch the program before calling it started. A browser that cannot run (no display, a broken
   * install) and xdg-open without a handler exit within a fraction of a second; one that runs stays up, and one
   * that hands the link to a browser already open exits 0.
   */
  settleMs?: number;
}

/**
 * The real launcher: the program runs in a process group of its own with no stdio, unreferenced, so closing
 * the terminal or ending `multiclaw` leaves the window open; it resolves once the program has clearly started
 * or failed, saying why in words the output can show (never its arguments, which hold the one-time link).
 *
 * The `open` package was the first choice; it is not used because it resolves as soon as its launcher is
 * spawned (its `wait` would wait for the browser itself under xdg-open's generic mode), so a launch that fails
 * at once would be reported as opened and the person left with neither a window nor the link.
 *
 * @example
 * const launch = createDetachedLauncher();
 * await launch({ program: "/usr/bin/chromium", args: ["--app=http://127.0.0.1:4801/"], env: process.env });
 */
export function createDetachedLauncher(options: DetachedLauncherOptions = {}): LaunchDetached {
  const spawn =
    options.spawn ?? ((program, args, spawnOptions) => nodeSpawn(program, [...args], spawnOptions));
  const settleMs = options.settleMs ?? 1500;
  return (request) =>
    new Promise<LaunchResult>((resolve) => {
      let child: ChildProcess;
      try {
        child = spawn(request.program, request.args, {
          detached: true,
          stdio: "ignore",
          env: request.env,
          windowsVerbatimArguments: request.throughCmd === true,
          // Only for cmd: a browser started hidden may honour it and open no window.
          windowsHide: request.throughCmd === true,
        });
      } catch (error) {
        resolve({ started: false, why: whySpawnFailed(request.program, error) });
        return;
      }
      const settle = (result: LaunchResult) => {
        clearTimeout(timer);
        child.removeAllListeners("error");
        child.removeAllListeners("exit");
        // A listener left behind would only hold a dead reference; the child is unref'd either way.
        child.on("error", () => undefined);
        resolve(result);
      };
      const timer = setTimeout(() => settle({ started: true }), settleMs);
      child.once("error", (error) => settle({ started: false, why: whySpawnFailed(request.program, error) }));
      child.once("exit", (code, signal) => {
        if (code === 0) settle({ started: true });
        else
          settle({
            started: false,
            why: signal
              ? `${request.program} was killed by ${signal}`
              : `${request.program} exited with code ${code}`,
          });
      });
      child.unref();
    });
}

function whySpawnFailed(program: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `${program} was not found`;
  if (code === "EACCES") return `${program} may not be run (permission denied)`;
  return `${program} could not be started${code ? ` (${code})` : ""}`;
}

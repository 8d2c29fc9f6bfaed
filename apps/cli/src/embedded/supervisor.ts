import { CliError } from "../cli-error.ts";
import { describeExit, type ProcessExit } from "../gateway-process.ts";
import { errorLinesOf } from "./log-error-lines.ts";

/*
 * Keeps a process `multiclaw start` started running: when it dies, says which, why and where its log is, and
 * starts it again after a pause that doubles each time; more than `maxRestarts` restarts within `windowMs`
 * and it gives up, so a process that cannot run does not restart forever.
 *
 * Hand-written: the supervisors on npm (respawn, forever-monitor) spawn and own the child themselves, while
 * these processes are started by functions that also wait for them to answer (and the gateway is detached
 * with a pid file); the loop is a few lines.
 */

export interface SupervisedProcess {
  readonly pid: number;
  /** Resolves when it exits. */
  readonly exited: Promise<ProcessExit>;
  /** Where its log starts for this run, to quote what it said when it dies. */
  readonly logStart: number;
  stop(): Promise<void>;
}

export interface RestartPolicy {
  maxRestarts: number;
  windowMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  maxRestarts: 5,
  windowMs: 60_000,
  firstDelayMs: 1000,
  maxDelayMs: 16_000,
};

/**
 * The Cloud shares the terminal's process group, so Ctrl-C reaches it as it reaches this process; its exit
 * then is part of stopping, not a crash. This long after an exit, a stop that was coming has been asked for.
 */
const SETTLE_MS = 300;

export interface Supervisor {
  /** Rejects with a CliError once it gives up (the process is down then); never resolves. */
  readonly gaveUp: Promise<never>;
  /** Stops restarting, then stops the process (waiting for a restart under way). */
  stop(): Promise<void>;
}

export function supervise(
  first: SupervisedProcess,
  options: {
    /** "the Cloud", "the gateway". */
    name: string;
    logFile: string;
    start(): Promise<SupervisedProcess>;
    write(text: string): void;
    policy?: RestartPolicy;
  },
): Supervisor {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const Name = options.name[0]?.toUpperCase() + options.name.slice(1);
  let running: SupervisedProcess | undefined = first;
  let stopping = false;
  let wake: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => {
    wake = resolve;
  });
  const pause = (ms: number) =>
    Promise.race([stopped, new Promise<void>((resolve) => setTimeout(resolve, ms).unref())]);

  /** Waits for the running process to die; what happened, or undefined when stopping. */
  async function nextDeath(current: SupervisedProcess): Promise<string | undefined> {
    const exit = await Promise.race([current.exited, stopped.then(() => undefined)]);
    if (exit === undefined) return undefined;
    await pause(SETTLE_MS);
    if (stopping) return undefined;
    running = undefined;
    const said = errorLinesOf(options.logFile, current.logStart, { lastLineWhenNoError: false });
    return [
      `${Name} (pid ${current.pid}) exited: ${describeExit(exit)}${said.length > 0 ? "; it said:" : "."}`,
      ...said.map((line) => `  ${line}`),
      `  its log: ${options.logFile}`,
    ].join("\n");
  }

  async function loop(): Promise<never | undefined> {
    const restarts: number[] = [];
    let death = await nextDeath(first);
    while (death !== undefined) {
      const now = Date.now();
      const recent = restarts.filter((at) => now - at < policy.windowMs);
      if (recent.length >= policy.maxRestarts) {
        const times = recent.length + 1;
        throw new CliError(
          `${death}\n${Name} exited ${times} ${times === 1 ? "time" : "times"} within ${policy.windowMs / 1000} s ` +
            `(${policy.maxRestarts} restarts allowed); gave up and stopped everything \`multiclaw start\` started.`,
        );
      }
      const delay = Math.min(policy.firstDelayMs * 2 ** recent.length, policy.maxDelayMs);
      restarts.push(now);
      options.write(
        `\n${death}\n  Restarting it in ${delay / 1000} s (restart ${recent.length + 1} of at most ` +
          `${policy.maxRestarts} within ${policy.windowMs / 1000} s)…\n`,
      );
      await pause(delay);
      if (stopping) return undefined;
      try {
        const next = await options.start();
        running = next;
        if (stopping) return undefined;
        options.write(`${Name} is running again (pid ${next.pid}).\n`);
        death = await nextDeath(next);
      } catch (error) {
        if (stopping) return undefined;
        death = `Restarting ${options.name} failed: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    return undefined;
  }

  const looping = loop();
  const gaveUp = looping.then(() => new Promise<never>(() => undefined));
  // The caller may be busy (signing in) when it gives up; it reads `gaveUp` later.
  gaveUp.catch(() => undefined);
  return {
    gaveUp,
    async stop() {
      stopping = true;
      wake();
      await looping.catch(() => undefined);
      await running?.stop();
    },
  };
}

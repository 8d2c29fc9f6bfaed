import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { ClientScript, FleetCommand, FleetReport } from "./fleet-messages.ts";

const workerFile = fileURLToPath(new URL("./fleet-worker.ts", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What one trial saw: a monotonic receive time per client (NaN = never arrived). */
export interface TrialArrivals<T> {
  arrivals: number[];
  frameBytes: number;
  closedByServer: number;
  trigger: T;
}

/** N light WebSocket clients spread over worker processes. */
export interface Fleet {
  /** Resolves once every worker process has started (so connect times exclude process start-up). */
  booted(): Promise<void>;
  /** Opens `count` clients and resolves once every one is ready to receive events. */
  connect(script: ClientScript, count: number): Promise<void>;
  /** Arms every client, fires `trigger`, and waits until each client has the event or `timeoutMs` passes. */
  trial<T>(trial: number, trigger: () => Promise<T>, timeoutMs: number): Promise<TrialArrivals<T>>;
  close(): Promise<void>;
}

interface Waiter {
  resolve(report: FleetReport): void;
  reject(error: Error): void;
}

interface Worker {
  process: ChildProcess;
  waiting: Map<FleetReport["type"], Waiter>;
  closing: boolean;
}

function nextReport<K extends FleetReport["type"]>(
  worker: Worker,
  type: K,
): Promise<Extract<FleetReport, { type: K }>> {
  return new Promise((resolve, reject) => {
    if (worker.process.exitCode !== null) {
      reject(new Error(`fleet worker ${worker.process.pid} has exited`));
      return;
    }
    worker.waiting.set(type, { resolve: resolve as (report: FleetReport) => void, reject });
  });
}

/**
 * Starts `workers` fleet processes. On two cores, two workers let the fleet use whichever core the server is
 * not using at the moment, without adding more processes to schedule than there are cores.
 */
export function createFleet(options: {
  workers: number;
  concurrency?: number;
  connectTimeoutMs?: number;
}): Fleet {
  const workers: Worker[] = Array.from({ length: options.workers }, () => {
    const child = fork(workerFile, [], {
      cwd: repositoryRoot,
      execArgv: ["--import", "tsx"],
      serialization: "advanced",
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const worker: Worker = { process: child, waiting: new Map(), closing: false };
    child.on("message", (report: FleetReport) => {
      const waiter = worker.waiting.get(report.type);
      worker.waiting.delete(report.type);
      waiter?.resolve(report);
    });
    // A worker that dies mid-run must fail the measurement, not hang it.
    child.on("exit", (code, signal) => {
      if (worker.closing) return;
      for (const waiter of worker.waiting.values()) {
        waiter.reject(new Error(`fleet worker ${child.pid} exited (code ${code}, signal ${signal})`));
      }
      worker.waiting.clear();
    });
    return worker;
  });
  const booted = Promise.all(workers.map((worker) => nextReport(worker, "booted")));
  const command = (worker: Worker, message: FleetCommand): void => {
    worker.process.send(message);
  };

  return {
    async booted() {
      await booted;
    },

    async connect(script, count) {
      await booted;
      const base = Math.floor(count / workers.length);
      const results = await Promise.all(
        workers.map((worker, index) => {
          const share = base + (index < count % workers.length ? 1 : 0);
          const connected = nextReport(worker, "connected");
          command(worker, {
            type: "connect",
            script,
            count: share,
            concurrency: options.concurrency ?? 64,
            timeoutMs: options.connectTimeoutMs ?? 60_000,
          });
          return connected;
        }),
      );
      const failed = results.reduce((sum, result) => sum + result.failed, 0);
      if (failed > 0) {
        const firstError = results.find((result) => result.firstError)?.firstError;
        throw new Error(`${failed} of ${count} clients failed to connect; first error: ${firstError}`);
      }
    },

    async trial(trial, trigger, timeoutMs) {
      // Both waiters are registered before the command: a worker whose clients are all gone reports at once.
      const reports = workers.map((worker) => nextReport(worker, "arrivals"));
      await Promise.all(
        workers.map((worker) => {
          const armed = nextReport(worker, "armed");
          command(worker, { type: "arm", trial });
          return armed;
        }),
      );
      const triggerResult = await trigger();
      const timer = setTimeout(() => {
        for (const worker of workers) command(worker, { type: "report", trial });
      }, timeoutMs);
      try {
        const arrived = await Promise.all(reports);
        return {
          arrivals: arrived.flatMap((report) => Array.from(report.times)),
          frameBytes: arrived.find((report) => report.frameBytes > 0)?.frameBytes ?? 0,
          closedByServer: arrived.reduce((sum, report) => sum + report.closedByServer, 0),
          trigger: triggerResult,
        };
      } finally {
        clearTimeout(timer);
      }
    },

    async close() {
      await Promise.all(
        workers.map(
          (worker) =>
            new Promise<void>((resolve) => {
              worker.closing = true;
              if (worker.process.exitCode !== null || !worker.process.connected) return resolve();
              worker.process.once("exit", () => resolve());
              command(worker, { type: "close" });
            }),
        ),
      );
    },
  };
}

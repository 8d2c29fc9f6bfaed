import { randomUUID } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sleep } from "../clock.ts";

const preload = fileURLToPath(new URL("./server-preload.cjs", import.meta.url));

/** Memory figures a server under test reports after a forced full garbage collection (bytes). */
export interface ServerMemory {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  newSpace: number;
}

/** How to start a server under test so the bench can read its memory (see server-preload.cjs). */
export interface ServerLaunch {
  /** Node flags, before the script. */
  nodeFlags: string[];
  /** Added to the server's environment. */
  env: Record<string, string>;
  /** Collects garbage in the server and returns its memory figures afterwards. */
  readMemory(pid: number): Promise<ServerMemory>;
  /** Removes the report file. */
  cleanUp(): Promise<void>;
}

export function prepareServerLaunch(): ServerLaunch {
  const reportFile = join(tmpdir(), `fanout-memory-${randomUUID()}.json`);
  let lastReport = 0;
  return {
    nodeFlags: ["--expose-gc", "--require", preload],
    env: { BENCH_MEMORY_REPORT: reportFile },
    async readMemory(pid) {
      process.kill(pid, "SIGUSR2");
      const deadline = Date.now() + 10_000;
      for (;;) {
        await sleep(20);
        const text = await readFile(reportFile, "utf8").catch(() => "");
        // A report is written whole by one synchronous call; a partial read fails to parse and is retried.
        let report: (ServerMemory & { report: number }) | null = null;
        try {
          report = JSON.parse(text) as ServerMemory & { report: number };
        } catch {}
        if (report && report.report > lastReport) {
          lastReport = report.report;
          return report;
        }
        if (Date.now() > deadline) throw new Error(`server ${pid} wrote no memory report within 10 s`);
      }
    },
    async cleanUp() {
      await rm(reportFile, { force: true });
    },
  };
}

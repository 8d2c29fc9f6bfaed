import { cpus, loadavg, release, totalmem } from "node:os";
import { sleep } from "./clock.ts";

/** Where the figures were taken: they mean nothing without it. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  kernel: string;
  loadAverageAtStart: number[];
}

export function describeMachine(): MachineInfo {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model ?? "unknown",
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: release(),
    loadAverageAtStart: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}

/**
 * On a shared machine, waits until the 1-minute load average is below `maxLoad` (0 = no wait), so one
 * system is not measured while someone else's test suite runs and the other while it does not.
 */
export async function waitForQuiet(maxLoad: number, log: (line: string) => void): Promise<void> {
  if (maxLoad <= 0) return;
  let told = false;
  while ((loadavg()[0] as number) >= maxLoad) {
    if (!told)
      log(
        `waiting for the 1-minute load average (${(loadavg()[0] as number).toFixed(2)}) to drop below ${maxLoad}…`,
      );
    told = true;
    await sleep(10_000);
  }
}

import { request } from "node:http";
import { monotonicMs, sleep } from "../fanout/clock.ts";
import type { ColdStart } from "./gateway-system.ts";

/** One HTTP answer, or null when nothing answered (the port is not open yet). */
export interface ProbeResponse {
  status: number;
  text: string;
}

/** A GET on a fresh connection; null when the connection is refused, reset or too slow. */
export function probeGet(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 2000,
): Promise<ProbeResponse | null> {
  return new Promise((resolve) => {
    const outgoing = request(url, { method: "GET", headers, agent: false, timeout: timeoutMs }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("end", () =>
        resolve({ status: answer.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
      );
      answer.on("error", () => resolve(null));
    });
    outgoing.on("timeout", () => outgoing.destroy());
    outgoing.on("error", () => resolve(null));
    outgoing.end();
  });
}

/**
 * Polls a starting gateway every `intervalMs` until `isReady` accepts an answer, and says when the first HTTP
 * answer of any kind came (the port was open) and when the ready one came, in ms after `spawnedAt`
 * (monotonic). Fails with `failure()` as soon as it returns a reason (the process exited), or after `timeoutMs`.
 */
export async function timeUntilReady(options: {
  spawnedAt: number;
  probe: () => Promise<ProbeResponse | null>;
  isReady: (response: ProbeResponse) => boolean;
  intervalMs: number;
  timeoutMs: number;
  failure: () => string | null;
}): Promise<ColdStart> {
  let listeningMs = Number.NaN;
  for (;;) {
    const response = await options.probe();
    const elapsed = monotonicMs() - options.spawnedAt;
    if (response && Number.isNaN(listeningMs)) listeningMs = elapsed;
    if (response && options.isReady(response)) return { listeningMs, readyMs: elapsed };
    const failed = options.failure();
    if (failed !== null) throw new Error(failed);
    if (elapsed > options.timeoutMs) {
      throw new Error(
        `not ready within ${options.timeoutMs} ms (last answer: ${response?.status ?? "none"})`,
      );
    }
    await sleep(options.intervalMs);
  }
}

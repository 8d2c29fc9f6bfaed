import type { ChildProcess } from "node:child_process";

/** Keeps the last output of a server process, so a failed start can say why. */
export function captureTail(child: ChildProcess, limit = 4000): () => string {
  let tail = "";
  const keep = (chunk: Buffer): void => {
    tail = (tail + chunk.toString("utf8")).slice(-limit);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => tail;
}

/** Stops a server process: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export function stopProcess(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/**
 * The URL a server child reports over IPC (`process.send({ url })`) once it listens. Rejects with its output's
 * tail when it exits first, reports something else, or stays silent for `timeoutMs`.
 */
export function reportedUrl(child: ChildProcess, timeoutMs: number, output: () => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the Cloud did not start within ${timeoutMs / 1000} s:\n${output()}`)),
      timeoutMs,
    );
    child.once("message", (message: { url?: unknown }) => {
      clearTimeout(timer);
      if (typeof message.url === "string") resolve(message.url);
      else reject(new Error(`unexpected message from the Cloud process: ${JSON.stringify(message)}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the Cloud exited at start (code ${code}):\n${output()}`));
    });
  });
}

import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const mainFile = fileURLToPath(new URL("../main.ts", import.meta.url));

export interface CloudProcess {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts a Cloud node as its own process (as `npm start` does) and resolves with the URL it prints. */
export async function spawnCloudProcess(env: Record<string, string>): Promise<CloudProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", mainFile], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", MULTICLAW_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cloud process did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /running at (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cloud process exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

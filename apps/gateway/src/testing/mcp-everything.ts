import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { closedPort } from "./closed-port.ts";

/*
 * The official MCP "everything" server (npm `@modelcontextprotocol/server-everything`), as a user would
 * configure it: over stdio as a command, or over Streamable HTTP as a URL.
 */

const require = createRequire(import.meta.url);

/** Its entry script; run it with the current Node and the argument `stdio`. */
export const everythingServerScript = join(
  dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist",
  "index.js",
);

export interface EverythingHttpServer {
  /** `http://127.0.0.1:<port>/mcp` */
  readonly url: string;
  readonly process: ChildProcess;
  close(): Promise<void>;
}

/**
 * The everything server in its Streamable HTTP mode on a free port. It reads the port from PORT and has no
 * host option (it listens on every interface); it is reached on 127.0.0.1.
 */
export async function startEverythingHttp(): Promise<EverythingHttpServer> {
  const port = await closedPort();
  const child = spawn(process.execPath, [everythingServerScript, "streamableHttp"], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port) },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the everything server did not start: ${output}`)),
      15_000,
    );
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`listening on port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the everything server exited with ${code}: ${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    process: child,
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
  };
}

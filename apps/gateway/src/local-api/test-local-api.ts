import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import type { RunStreamTuning } from "./run-stream.ts";
import { type RunningLocalApi, startLocalApi } from "./start-local-api.ts";
import { createFakeGateway, type FakeGateway } from "./test-local-api-deps.ts";

export interface TestLocalApi {
  running: RunningLocalApi;
  fake: FakeGateway;
  token: string;
  /** Lines the API logged, parsed. */
  logs: Record<string, unknown>[];
  directory: string;
  /** Stops the server and keeps its directory, for a restart from it. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** The real server on 127.0.0.1 (a free port, a token file in a fresh temp directory) over an in-memory gateway. */
export async function startTestLocalApi(
  options: {
    fake?: FakeGateway;
    allowedOrigins?: string[];
    stream?: Partial<RunStreamTuning>;
    port?: number;
    /** A directory kept from an earlier start (its token and App sessions), as after a restart. */
    directory?: string;
    appDirectory?: string;
  } = {},
): Promise<TestLocalApi> {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), "multiclaw-local-api-")));
  const fake = options.fake ?? createFakeGateway();
  const logs: Record<string, unknown>[] = [];
  const logger = pino(
    { level: "debug" },
    { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  const tokenFile = join(directory, "gateway", "api-token");
  const running = await startLocalApi({
    deps: fake.deps,
    tokenFile,
    appSessionsFile: join(directory, "gateway", "app-sessions.json"),
    ...(options.appDirectory !== undefined ? { appDirectory: options.appDirectory } : {}),
    logger,
    port: options.port ?? 0,
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.stream ? { stream: options.stream } : {}),
  }).catch(async (error: unknown) => {
    await rm(directory, { recursive: true, force: true });
    throw error;
  });
  const token = (await readFile(tokenFile, "utf8")).trim();
  return {
    running,
    fake,
    token,
    logs,
    directory,
    stop: () => running.close(),
    async close() {
      await running.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

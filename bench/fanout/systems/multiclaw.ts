import { type ChildProcess, spawn } from "node:child_process";
import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Agent, PROTOCOL_VERSION, type SignInResponse } from "@multiclaw/protocol";
import { createHttpClient, expectJson } from "../http-client.ts";
import { captureTail, reportedUrl, stopProcess } from "./child-process.ts";
import { prepareServerLaunch, type ServerLaunch } from "./server-process.ts";
import type { SystemFactory } from "./system.ts";

const launcher = fileURLToPath(new URL("./cloud-process.ts", import.meta.url));
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

interface LaunchedCloud {
  url: string;
  child: ChildProcess;
  launch: ServerLaunch;
  output(): string;
}

/** Starts cloud-process.ts and waits for the URL it reports once listening. */
async function launchCloud(dataDir: string, databaseUrl: string | undefined): Promise<LaunchedCloud> {
  const launch = prepareServerLaunch();
  const child = spawn(process.execPath, [...launch.nodeFlags, "--import", "tsx", launcher], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      ...launch.env,
      BENCH_CLOUD_DATA_DIR: dataDir,
      BENCH_CLOUD_DATABASE_URL: databaseUrl ?? "",
    },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  const output = captureTail(child);
  try {
    const url = await reportedUrl(child, 120_000, output);
    return { url, child, launch, output };
  } catch (error) {
    await stopProcess(child);
    await launch.cleanUp();
    throw error;
  }
}

/**
 * The MultiClaw Cloud as a system under test. Each round starts a fresh Cloud (embedded PGlite unless
 * `databaseUrl` is given), signs up one user, creates one agent, and times renames of that agent: each rename
 * bumps the workspace's config revision and emits `config-changed` to every event connection of the workspace.
 *
 * With PGlite, the data directory is created once (initdb and migrations, ~20–30 s here) and copied for each
 * round, so every measured Cloud starts as a restarted server would — without initdb's hundreds of MB of
 * garbage in the heap, which would otherwise be collected at a random moment and swamp the memory reading.
 */
export function createMultiClawSystem(options: { databaseUrl: string | undefined }): SystemFactory {
  const scratch: string[] = [];
  let template: Promise<string> | null = null;

  const prepareTemplate = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), "multiclaw-fanout-template-"));
    scratch.push(dir);
    const cloud = await launchCloud(dir, undefined);
    // A clean close, so PGlite leaves a consistent data directory to copy.
    await stopProcess(cloud.child, 30_000);
    await cloud.launch.cleanUp();
    return dir;
  };

  return {
    name: "multiclaw",
    async start() {
      const dataDir = await mkdtemp(join(tmpdir(), "multiclaw-fanout-"));
      scratch.push(dataDir);
      if (!options.databaseUrl) {
        template ??= prepareTemplate();
        await cp(await template, dataDir, { recursive: true });
      }
      const cloud = await launchCloud(dataDir, options.databaseUrl);
      const http = createHttpClient();
      const stop = async () => {
        http.close();
        await stopProcess(cloud.child, 15_000);
        await cloud.launch.cleanUp();
        await rm(dataDir, { recursive: true, force: true });
      };
      try {
        const signUp = expectJson<SignInResponse>(
          await http.send("POST", `${cloud.url}/v1/auth/sign-up`, {
            body: {
              email: `fanout-${Date.now()}@bench.example`,
              password: "fan-out bench password",
              name: "Fan-out bench",
            },
          }),
          201,
          "sign-up",
        );
        const workspaceId = signUp.workspaces[0]?.id;
        if (!workspaceId) throw new Error("sign-up returned no workspace");
        const authorization = { authorization: `Bearer ${signUp.tokens.accessToken}` };
        const agent = expectJson<Agent>(
          await http.send("POST", `${cloud.url}/v1/workspaces/${workspaceId}/agents`, {
            body: { name: "Fan-out agent", provider: "anthropic", model: "claude-x", instructions: "" },
            headers: authorization,
          }),
          201,
          "create agent",
        );
        const agentUrl = `${cloud.url}/v1/workspaces/${workspaceId}/agents/${agent.id}`;
        let renames = 0;
        return {
          name: "multiclaw",
          pid: cloud.child.pid as number,
          readMemory: () => cloud.launch.readMemory(cloud.child.pid as number),
          client: {
            url: `${cloud.url.replace(/^http/, "ws")}/v1/events`,
            openFrame: JSON.stringify({
              type: "hello",
              protocol: PROTOCOL_VERSION,
              token: signUp.tokens.accessToken,
              workspaceId,
            }),
            readyMarker: '"welcome"',
            eventMarker: '"config-changed"',
            // The Cloud keeps connections alive with WebSocket pings, which `ws` answers by itself.
            replies: [],
          },
          async trigger(trial) {
            // A new name every time, so every PATCH is a real change.
            renames++;
            const response = await http.send("PATCH", agentUrl, {
              body: { name: `Fan-out agent ${trial}.${renames}` },
              headers: authorization,
            });
            expectJson<Agent>(response, 200, "rename agent");
            return { sentAt: response.sentAt, respondedAt: response.respondedAt };
          },
          close: stop,
        };
      } catch (error) {
        await stop();
        throw error;
      }
    },
    async dispose() {
      await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
    },
  };
}

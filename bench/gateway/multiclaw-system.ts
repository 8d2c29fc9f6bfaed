import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { gatewayPaths } from "@multiclaw/gateway/paths";
import {
  createGatewayClient,
  type GatewayClient,
  type RunEventSubscription,
} from "@multiclaw/gateway-client";
import { endsRun, type GatewayStatus, type RunEvent, type RunState } from "@multiclaw/protocol";
import WebSocket from "ws";
import { monotonicMs, sleep } from "../fanout/clock.ts";
import { freePort } from "../fanout/free-port.ts";
import { captureTail } from "../fanout/systems/child-process.ts";
import { benchModel, benchProvider, benchProviderKey } from "./baselines.ts";
import type { GatewaySystem, RunningGateway, TurnTimes } from "./gateway-system.ts";
import { keepAliveFetch } from "./keep-alive-fetch.ts";
import { stopProcessTree } from "./process-stop.ts";
import { type ProbeResponse, probeGet, timeUntilReady } from "./ready-probe.ts";
import { recordMarkers } from "./token-markers.ts";

/** The gateway's TypeScript entry point. */
export const gatewayMain = fileURLToPath(import.meta.resolve("@multiclaw/gateway/main"));
/** What `multiclaw gateway start` runs: the launcher of the gateway's bundle. */
export const gatewayLauncher = fileURLToPath(import.meta.resolve("@multiclaw/gateway/process"));
const gatewayProcessEnvFile = fileURLToPath(import.meta.resolve("@multiclaw/gateway/process-env"));
const repositoryRoot = fileURLToPath(new URL("../../", import.meta.url));

/** How a gateway process is started: the command, its arguments, and environment added to the gateway's. */
export interface GatewayLaunch {
  label: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/**
 * What users run: the gateway's bundle under plain Node, through its launcher (the bundle is current), on
 * `node` (default: the Node running the bench).
 */
export function shippedLaunch(node: string = process.execPath): GatewayLaunch {
  // With the tunables `multiclaw gateway start` gives it (apps/gateway/bin/process-env.json).
  const env = JSON.parse(readFileSync(gatewayProcessEnvFile, "utf8")) as Record<string, string>;
  return { label: "bundle (as shipped)", command: node, args: [gatewayLauncher], env };
}

/** The gateway straight from its TypeScript sources, through tsx's loader (what shipped before the bundle). */
export function tsxLaunch(): GatewayLaunch {
  return {
    label: "tsx",
    command: process.execPath,
    args: ["--import", import.meta.resolve("tsx"), gatewayMain],
  };
}

/** Our gateway, with a way to start it by another command (for bench/gateway/anatomy.ts). */
export interface MultiClawSystem extends GatewaySystem {
  startWith(launch: GatewayLaunch): Promise<RunningGateway>;
}

/** Ready = what `multiclaw status` calls connected and synced: the event stream is open and config applied. */
function connectedAndSynced(response: ProbeResponse): boolean {
  if (response.status !== 200) return false;
  const status = JSON.parse(response.text) as GatewayStatus;
  return status.cloudLink.state === "connected" && status.cloudLink.lastSyncAt !== null;
}

interface Spawned {
  child: ChildProcess;
  spawnedAt: number;
  url: string;
  output(): string;
}

/**
 * Our gateway as users run it (`multiclaw gateway start` spawns the same command): `node
 * apps/gateway/bin/multiclaw-gateway.mjs` with its own MULTICLAW_HOME, signed in to a Cloud in another process, with an
 * OpenAI-compatible provider key pointing at the stand-in (through the tap) and one agent using it.
 */
export function createMultiClawSystem(options: {
  cloudUrl: () => string;
  /** Where the gateway reaches the stand-in (the tap's origin). */
  llmOrigin: string;
  pollMs: number;
  /** The Node binary the gateway runs on (default: the bench's). */
  node?: string;
}): MultiClawSystem {
  let home = "";
  let agentId = "";
  let apiToken = "";

  async function spawnGateway(launch: GatewayLaunch): Promise<Spawned> {
    const port = await freePort();
    const spawnedAt = monotonicMs();
    const child = spawn(launch.command, launch.args, {
      cwd: repositoryRoot,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: home,
        MULTICLAW_HOME: home,
        MULTICLAW_GATEWAY_PORT: String(port),
        MULTICLAW_CLOUD_URL: options.cloudUrl(),
        MULTICLAW_LOG_LEVEL: "info",
        ...launch.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    return { child, spawnedAt, url: `http://127.0.0.1:${port}`, output: captureTail(child) };
  }

  function failure(spawned: Spawned): () => string | null {
    return () =>
      spawned.child.exitCode === null && spawned.child.signalCode === null
        ? null
        : `the gateway exited (code ${spawned.child.exitCode}, signal ${spawned.child.signalCode}):\n${spawned.output()}`;
  }

  function clientOf(
    url: string,
    fetchOver: typeof fetch = (input, init) => fetch(input, init),
  ): GatewayClient {
    return createGatewayClient({
      baseUrl: url,
      token: apiToken,
      fetch: fetchOver,
      openWebSocket: (socketUrl) => new WebSocket(socketUrl, { perMessageDeflate: false }) as never,
    });
  }

  function running(spawned: Spawned, coldStart: RunningGateway["coldStart"]): RunningGateway {
    // Timed calls go over one keep-alive connection, as OpenClaw's do (keep-alive-fetch.ts says why).
    const connection = keepAliveFetch(spawned.url);
    const client = clientOf(spawned.url, connection.fetch);
    let subscription: RunEventSubscription | null = null;
    let opened: Promise<void> | null = null;
    const finished = new Map<string, { at: number; state: RunState; event: RunEvent }>();
    const waiting = new Map<string, () => void>();
    let markers: { list: readonly string[]; seen: Map<string, number> } | null = null;

    const onEvent = (event: RunEvent) => {
      // The time the client has the event: after the client library parsed and checked the frame, as an app sees it.
      const at = monotonicMs();
      const body = event.event;
      if (body.type === "text-delta" && markers) recordMarkers(body.delta, markers.list, at, markers.seen);
      if (endsRun(body)) {
        finished.set(event.runId, { at, state: body.state, event });
        waiting.get(event.runId)?.();
      }
    };

    /** Every run's events, live, on one socket opened before the first turn (as the app keeps one open). */
    const subscribed = (): Promise<void> => {
      opened ??= new Promise<void>((resolve, reject) => {
        subscription = client.subscribeRunEvents({
          subscribe: "all",
          onEvent,
          onStatus: (status) => {
            if (status === "open") resolve();
          },
          onError: (error) => reject(error),
        });
      });
      return opened;
    };

    const untilFinished = (runId: string): Promise<{ at: number; state: RunState; event: RunEvent }> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`run ${runId} did not finish within 60 s`)), 60_000);
        const check = () => {
          const done = finished.get(runId);
          if (!done) return;
          clearTimeout(timer);
          waiting.delete(runId);
          finished.delete(runId);
          resolve(done);
        };
        waiting.set(runId, check);
        check();
      });

    const chatTurn = async (): Promise<TurnTimes> => {
      await subscribed();
      const sentAt = monotonicMs();
      const run = await client.createConversation({ agentId, text: "hi" });
      const done = await untilFinished(run.id);
      if (done.state !== "completed") {
        throw new Error(`the turn ended ${done.state}: ${JSON.stringify(done.event.event)}`);
      }
      return { sentAt, doneAt: done.at };
    };

    return {
      pid: spawned.child.pid as number,
      coldStart,
      turn: chatTurn,
      async streamedTurn(list) {
        const seen = new Map<string, number>();
        markers = { list, seen };
        try {
          await chatTurn();
        } finally {
          markers = null;
        }
        return seen;
      },
      output: spawned.output,
      async stop() {
        (subscription as RunEventSubscription | null)?.close();
        await connection.close();
        await stopProcessTree(spawned.child, 15_000);
      },
    };
  }

  async function startWith(launch: GatewayLaunch): Promise<RunningGateway> {
    const spawned = await spawnGateway(launch);
    try {
      const coldStart = await timeUntilReady({
        spawnedAt: spawned.spawnedAt,
        probe: () => probeGet(`${spawned.url}/v1/status`, { authorization: `Bearer ${apiToken}` }),
        isReady: connectedAndSynced,
        intervalMs: options.pollMs,
        timeoutMs: 60_000,
        failure: failure(spawned),
      });
      return running(spawned, coldStart);
    } catch (error) {
      await stopProcessTree(spawned.child, 5000);
      throw new Error(
        `multiclaw: ${error instanceof Error ? error.message : String(error)}\n${spawned.output()}`,
      );
    }
  }

  return {
    name: "multiclaw",

    async prepare(log) {
      const cloudUrl = options.cloudUrl();
      home = await mkdtemp(join(tmpdir(), "multiclaw-gateway-bench-home-"));
      const anonymous = createCloudClient({ baseUrl: cloudUrl, fetch });
      const signUp = await anonymous.call("signUp", {
        body: {
          email: `gateway-bench-${Date.now()}@bench.example`,
          password: "gateway bench password",
          name: "Bench",
        },
      });
      const workspaceId = signUp.workspaces[0]?.id;
      if (!workspaceId) throw new Error("sign-up returned no workspace");
      const cloud = anonymous.withAuth(staticTokenSource(signUp.tokens.accessToken));
      await cloud.call("putProviderKey", {
        params: { workspaceId, provider: benchProvider },
        body: { apiKey: benchProviderKey, baseUrl: `${options.llmOrigin}/compatible/v1` },
      });
      const agent = await cloud.call("createAgent", {
        params: { workspaceId },
        body: { name: "Bench", provider: benchProvider, model: benchModel },
      });
      agentId = agent.id;

      // The first start signs in through the device flow (as `multiclaw login` does); later starts find the
      // stored credential and only refresh their tokens.
      const spawned = await spawnGateway(shippedLaunch(options.node));
      try {
        await timeUntilReady({
          spawnedAt: spawned.spawnedAt,
          probe: () => probeGet(`${spawned.url}/v1/health`),
          isReady: (response) => response.status === 200,
          intervalMs: 50,
          timeoutMs: 60_000,
          failure: failure(spawned),
        });
        apiToken = (await readFile(gatewayPaths({ MULTICLAW_HOME: home }).apiTokenFile, "utf8")).trim();
        const client = clientOf(spawned.url);
        const login = await client.startLogin({});
        if (!login.userCode) throw new Error(`login did not start: ${JSON.stringify(login)}`);
        await cloud.call("deviceApprove", { body: { userCode: login.userCode, workspaceId } });
        const deadline = Date.now() + 30_000;
        for (;;) {
          const status = await client.status();
          const ours = status.agents.find((candidate) => candidate.id === agentId);
          if (status.cloudLink.state === "connected" && status.cloudLink.lastSyncAt && ours?.keyConfigured)
            break;
          if (Date.now() > deadline) throw new Error(`not signed in and synced: ${JSON.stringify(status)}`);
          await sleep(50);
        }
        log(`multiclaw: signed in to ${cloudUrl} as a device of workspace ${workspaceId}; agent ${agentId}`);
      } catch (error) {
        throw new Error(`${error instanceof Error ? error.message : String(error)}\n${spawned.output()}`);
      } finally {
        await stopProcessTree(spawned.child, 15_000);
      }
    },

    start: () => startWith(shippedLaunch(options.node)),
    startWith,

    async dispose() {
      if (home) await rm(home, { recursive: true, force: true });
    },
  };
}

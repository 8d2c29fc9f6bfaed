import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm, rmdir, writeFile } from "node:fs/promises";
import { Agent, request } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { monotonicMs } from "../fanout/clock.ts";
import { freePort } from "../fanout/free-port.ts";
import { captureTail } from "../fanout/systems/child-process.ts";
import type { GatewaySystem, RunningGateway } from "./gateway-system.ts";
import { openclawConfig } from "./openclaw-config.ts";
import { stopProcessTree } from "./process-stop.ts";
import { probeGet, timeUntilReady } from "./ready-probe.ts";
import { recordMarkers } from "./token-markers.ts";

/** Where bench/anchors/install-openclaw.sh puts OpenClaw and its Node 24. */
export const openclawDir = fileURLToPath(new URL("../.anchors/openclaw/", import.meta.url));
const node = join(openclawDir, "node_modules", ".bin", "node");
const entry = join(openclawDir, "node_modules", "openclaw", "openclaw.mjs");

/** Why OpenClaw cannot run here, or null when it is installed. */
export function openclawMissing(): string | null {
  if (!existsSync(node)) return `no Node 24 at ${node}: run bench/anchors/install-openclaw.sh`;
  if (!existsSync(entry))
    return `OpenClaw is not installed at ${entry}: run bench/anchors/install-openclaw.sh`;
  return null;
}

/** Sends a chat completion and reads the whole answer, calling `onChunk` with each piece as it arrives. */
function chatCompletion(
  url: string,
  token: string,
  body: unknown,
  agent: Agent,
  onChunk: (text: string, at: number) => void = () => {},
): Promise<{ status: number; text: string }> {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${url}/v1/chat/completions`,
      {
        method: "POST",
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          "content-type": "application/json",
          "content-length": String(payload.length),
        },
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => {
          onChunk(chunk.toString("utf8"), monotonicMs());
          chunks.push(chunk);
        });
        answer.on("end", () =>
          resolve({ status: answer.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }),
        );
        answer.on("error", reject);
      },
    );
    outgoing.setTimeout(300_000, () => outgoing.destroy(new Error("no answer within 300 s")));
    outgoing.on("error", reject);
    outgoing.end(payload);
  });
}

/**
 * OpenClaw's gateway (the anchor), run as bench-anchors.md says: its own Node 24, `openclaw.mjs gateway run`,
 * with HOME, OPENCLAW_STATE_DIR and OPENCLAW_CONFIG_PATH in a folder of bench/.anchors/openclaw (removed at the
 * end). Ready = `GET /readyz` answers 200; a turn = `POST /v1/chat/completions` with `"model": "openclaw"`.
 */
export function createOpenClawSystem(options: { llmOrigin: string; pollMs: number }): GatewaySystem {
  const runDir = join(openclawDir, "runs", new Date().toISOString().replace(/[:.]/g, "-"));
  const home = join(runDir, "home");
  const stateDir = join(runDir, "state");
  const configPath = join(runDir, "openclaw.json");
  // A bench-local gateway token, worthless outside this loopback run.
  const token = randomBytes(24).toString("hex");

  async function start(): Promise<RunningGateway> {
    const port = await freePort();
    const spawnedAt = monotonicMs();
    const child: ChildProcess = spawn(node, [entry, "gateway", "run", "--port", String(port)], {
      cwd: runDir,
      env: {
        PATH: `${join(openclawDir, "node_modules", ".bin")}:${process.env.PATH ?? "/usr/bin:/bin"}`,
        HOME: home,
        OPENCLAW_STATE_DIR: stateDir,
        OPENCLAW_CONFIG_PATH: configPath,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = captureTail(child, 8000);
    const url = `http://127.0.0.1:${port}`;
    try {
      const coldStart = await timeUntilReady({
        spawnedAt,
        probe: () => probeGet(`${url}/readyz`),
        isReady: (response) => response.status === 200,
        intervalMs: options.pollMs,
        timeoutMs: 300_000,
        failure: () =>
          child.exitCode === null && child.signalCode === null
            ? null
            : `OpenClaw exited (code ${child.exitCode}, signal ${child.signalCode}):\n${output()}`,
      });
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      const turnBody = { model: "openclaw", messages: [{ role: "user", content: "hi" }] };
      return {
        pid: child.pid as number,
        coldStart,
        async turn() {
          const sentAt = monotonicMs();
          const answer = await chatCompletion(url, token, turnBody, agent);
          const doneAt = monotonicMs();
          if (answer.status !== 200)
            throw new Error(`OpenClaw turn: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
          return { sentAt, doneAt };
        },
        async streamedTurn(markers) {
          const seen = new Map<string, number>();
          const answer = await chatCompletion(url, token, { ...turnBody, stream: true }, agent, (text, at) =>
            recordMarkers(text, markers, at, seen),
          );
          if (answer.status !== 200) {
            throw new Error(`OpenClaw streamed turn: HTTP ${answer.status} ${answer.text.slice(0, 500)}`);
          }
          return seen;
        },
        output,
        async stop() {
          agent.destroy();
          await stopProcessTree(child, 30_000);
        },
      };
    } catch (error) {
      await stopProcessTree(child, 10_000);
      throw new Error(`openclaw: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    name: "openclaw",

    async prepare(log) {
      await mkdir(home, { recursive: true });
      await mkdir(stateDir, { recursive: true });
      const config = openclawConfig({
        token,
        llmOrigin: options.llmOrigin,
        logFile: join(runDir, "openclaw.log"),
      });
      await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
      // The first start creates its state (sessions, plugin catalogs, a workspace): a first-run cost, not timed.
      const startedAt = monotonicMs();
      const first = await start();
      log(
        `openclaw: first start (creates its state, not timed) ready after ${((monotonicMs() - startedAt) / 1000).toFixed(1)} s`,
      );
      await first.stop();
    },

    start,

    async dispose() {
      await rm(runDir, { recursive: true, force: true });
      // The runs folder goes too once no other run's state is in it.
      await rmdir(dirname(runDir)).catch(() => {});
    },
  };
}

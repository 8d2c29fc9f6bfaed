import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sleep } from "../clock.ts";
import { freePort } from "../free-port.ts";
import { createHttpClient } from "../http-client.ts";
import { captureTail, stopProcess } from "./child-process.ts";
import { benchEventBody, benchChannel as channel, benchEventName as eventName } from "./pusher-event.ts";
import { signedQuery } from "./pusher-signature.ts";
import { prepareServerLaunch } from "./server-process.ts";
import type { StartSystem, SystemFactory } from "./system.ts";

const anchorDir = fileURLToPath(new URL("../../.anchors/soketi/", import.meta.url));
const serverScript = `${anchorDir}node_modules/@soketi/soketi/bin/server.js`;
// The app written into soketi.json by bench/anchors/install-soketi.sh.
const app = { id: "bench", key: "bench-key", secret: "bench-secret" };

/** Starts Soketi (installed by bench/anchors/install-soketi.sh) on a free loopback port. */
export const startSoketi: StartSystem = async ({ frameBytes }) => {
  if (!existsSync(serverScript)) {
    throw new Error("Soketi is not installed: run bench/anchors/install-soketi.sh");
  }
  const port = await freePort();
  const metricsPort = await freePort();
  const launch = prepareServerLaunch();
  const child = spawn(
    process.execPath,
    [...launch.nodeFlags, serverScript, "start", `--config=${anchorDir}soketi.json`],
    {
      cwd: anchorDir,
      env: {
        ...process.env,
        ...launch.env,
        SOKETI_PORT: String(port),
        SOKETI_METRICS_SERVER_PORT: String(metricsPort),
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const output = captureTail(child);
  const http = createHttpClient();
  const base = `http://127.0.0.1:${port}`;
  const startedAt = Date.now();
  for (;;) {
    if (child.exitCode !== null) {
      await launch.cleanUp();
      throw new Error(`Soketi exited at start:\n${output()}`);
    }
    const ready = await http.send("GET", `${base}/`).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) break;
    if (Date.now() - startedAt > 30_000) {
      await stopProcess(child);
      await launch.cleanUp();
      throw new Error(`Soketi did not answer within 30 s:\n${output()}`);
    }
    await sleep(100);
  }
  const path = `/apps/${app.id}/events`;
  return {
    name: "soketi",
    pid: child.pid as number,
    readMemory: () => launch.readMemory(child.pid as number),
    client: {
      url: `ws://127.0.0.1:${port}/app/${app.key}?protocol=7&client=js&version=8.4.0&flash=false`,
      openFrame: JSON.stringify({ event: "pusher:subscribe", data: { channel } }),
      readyMarker: "pusher_internal:subscription_succeeded",
      eventMarker: `"${eventName}"`,
      replies: [{ marker: "pusher:ping", frame: JSON.stringify({ event: "pusher:pong", data: {} }) }],
    },
    async trigger(trial) {
      const { body } = benchEventBody(trial, frameBytes);
      const query = signedQuery(app, "POST", path, body);
      const response = await http.send("POST", `${base}${path}?${query}`, { jsonText: body });
      if (response.status !== 200)
        throw new Error(`Soketi trigger: HTTP ${response.status} ${response.text}`);
      return { sentAt: response.sentAt, respondedAt: response.respondedAt };
    },
    async close() {
      http.close();
      await stopProcess(child);
      await launch.cleanUp();
    },
  };
};

/** Soketi as a system under test; each start is a fresh process with nothing to clean up afterwards. */
export function createSoketiSystem(): SystemFactory {
  return { name: "soketi", start: startSoketi, dispose: async () => {} };
}

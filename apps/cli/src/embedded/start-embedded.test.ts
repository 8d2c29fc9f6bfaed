import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gatewayPaths } from "@multiclaw/gateway/paths";
import { describe, expect, it } from "vitest";
import { cliGatewayPaths } from "../gateway-paths.ts";
import { runningGatewayPid } from "../gateway-process.ts";
import { LOCAL_OWNER_EMAIL } from "./first-sign-in.ts";
import { startEmbedded } from "./start-embedded.ts";

/** Whether a server can listen on `port` of 127.0.0.1 right now. */
function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/**
 * A free port below the kernel's ephemeral range. The Cloud and the gateway bind theirs seconds after this
 * picks them; a port from that range (what `listen(0)` gives) can meanwhile become the local port of another
 * test's outgoing connection, and the start then fails with EADDRINUSE (seen in CI).
 */
async function freePort(): Promise<number> {
  const range = await readFile("/proc/sys/net/ipv4/ip_local_port_range", "utf8").catch(() => "32768");
  const ephemeralStart = Number(range.trim().split(/\s+/)[0]) || 32768;
  const low = Math.min(20_000, ephemeralStart - 4_000);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (ephemeralStart - low));
    if (await canListen(port)) return port;
  }
  throw new Error("no free port below the ephemeral range");
}

async function statusOf(gatewayPort: number, tokenFile: string) {
  const token = (await readFile(tokenFile, "utf8")).trim();
  const response = await fetch(`http://127.0.0.1:${gatewayPort}/v1/status`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await response.json()) as {
    signedIn: { account: { email: string } } | null;
    cloudLink: { state: string };
  };
}

describe("multiclaw start (npm start)", () => {
  it("runs a Cloud and a gateway signed in to it, and a second start reuses the credential", async () => {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-start-"));
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, MULTICLAW_HOME: home };
    const paths = cliGatewayPaths(env);
    try {
      for (const round of [1, 2]) {
        const [cloudPort, gatewayPort] = [await freePort(), await freePort()];
        let output = "";
        let stop: () => void = () => undefined;
        const untilStopped = new Promise<void>((resolve) => {
          stop = resolve;
        });
        const running = startEmbedded({
          home,
          paths,
          cloudPort,
          gatewayPort,
          env,
          write: (text) => {
            output += text;
          },
          untilStopped,
        });
        const deadline = Date.now() + 90_000;
        while (!output.includes("Stop with Ctrl-C") && Date.now() < deadline) {
          await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 100))]);
        }
        expect(output).toContain("MultiClaw is running.");
        expect(output).toContain(`Signed in as ${LOCAL_OWNER_EMAIL}`);
        if (round === 1) expect(output).toMatch(/passphrase: \S{20,}/);
        else expect(output).not.toContain("passphrase:");

        const status = await statusOf(gatewayPort, paths.apiTokenFile);
        expect(status.signedIn?.account.email).toBe(LOCAL_OWNER_EMAIL);
        const credential = gatewayPaths(env).credentialsFile;
        expect((await stat(credential)).mode & 0o777).toBe(0o600);
        expect(await readFile(credential, "utf8")).not.toContain("mca_");

        stop();
        await running;
        expect(runningGatewayPid(paths)).toBeUndefined();
      }
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  }, 240_000);
});

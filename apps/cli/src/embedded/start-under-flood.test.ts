import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { cliGatewayPaths } from "../gateway-paths.ts";
import { runningGatewayPid } from "../gateway-process.ts";
import { freePort } from "../testing/free-port.ts";
import { LOCAL_OWNER_EMAIL } from "./first-sign-in.ts";
import { startEmbedded } from "./start-embedded.ts";

/*
 * `npm start` next to a busy or hostile neighbour: while the start runs, a script on the same machine (so the
 * same client address to the embedded Cloud) posts malformed bodies to the sign-in and sign-up routes as fast as
 * it can. Junk must not spend the budget the start's own sign-up needs, so the start still comes up signed in.
 */

/** Bodies the sign-in and sign-up schemas refuse, with the content type each is sent as. */
const junk: ReadonlyArray<{ body: string; contentType: string }> = [
  { body: '{"email": "owner@multiclaw.local", "password":', contentType: "application/json" },
  { body: "not json", contentType: "application/json" },
  { body: "{}", contentType: "application/json" },
  { body: '{"email": 42, "password": ["x"]}', contentType: "application/json" },
  { body: '{"email": "owner@multiclaw.local"}', contentType: "application/json" },
  { body: '{"email": "owner@multiclaw.local", "password": "x"}', contentType: "text/plain" },
];

/** Posts junk to the sign-in and sign-up routes of `cloudUrl`, several at a time, until stopped; counts answers. */
function floodAuthRoutes(cloudUrl: string) {
  const answers = new Map<number, number>();
  let sent = 0;
  let stopped = false;
  const lane = async (path: string, offset: number) => {
    // The Cloud is not up at first; the flood begins the moment it answers.
    for (let index = offset; !stopped; index++) {
      const { body, contentType } = junk[index % junk.length] as (typeof junk)[number];
      try {
        const response = await fetch(`${cloudUrl}${path}`, {
          method: "POST",
          headers: { "content-type": contentType },
          body,
        });
        await response.arrayBuffer();
        sent += 1;
        answers.set(response.status, (answers.get(response.status) ?? 0) + 1);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  };
  const lanes = [0, 1].flatMap((offset) => [
    lane("/v1/auth/sign-in", offset),
    lane("/v1/auth/sign-up", offset + 3),
  ]);
  return {
    answers,
    sent: () => sent,
    async stop() {
      stopped = true;
      await Promise.all(lanes);
    },
  };
}

describe("multiclaw start next to a script flooding the sign-in routes", () => {
  it("still comes up with a signed-in gateway", async () => {
    const home = await mkdtemp(join(tmpdir(), "multiclaw-start-flood-"));
    // A small budget, so that junk counted against it would lock the start out at once.
    const env = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: home,
      MULTICLAW_HOME: home,
      MULTICLAW_SIGN_IN_RATE_PER_MINUTE: "5",
    };
    const paths = cliGatewayPaths(env);
    const [cloudPort, gatewayPort] = [await freePort(), await freePort()];
    const flood = floodAuthRoutes(`http://127.0.0.1:${cloudPort}`);
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
    let failure: unknown;
    running.catch((error: unknown) => {
      failure = error;
    });
    try {
      const deadline = Date.now() + 120_000;
      while (!output.includes("Stop with Ctrl-C") && failure === undefined && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const sentWhileStarting = flood.sent();
      expect(failure).toBeUndefined();
      expect(output).toContain("MultiClaw is running.");
      expect(output).toContain(`Signed in as ${LOCAL_OWNER_EMAIL}`);
      expect(output).toMatch(/passphrase: \S{20,}/);

      const token = (await readFile(paths.apiTokenFile, "utf8")).trim();
      const status = (await (
        await fetch(`http://127.0.0.1:${gatewayPort}/v1/status`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { signedIn: { account: { email: string } } | null };
      expect(status.signedIn?.account.email).toBe(LOCAL_OWNER_EMAIL);

      // The flood really ran during the start (ten times the budget and more), and the Cloud refused every piece
      // of junk as junk, never as an attempt over the limit.
      await flood.stop();
      expect(sentWhileStarting).toBeGreaterThan(50);
      expect([...flood.answers.keys()].sort()).toEqual([400, 415]);

      stop();
      await running;
      expect(runningGatewayPid(paths)).toBeUndefined();
    } finally {
      await flood.stop();
      stop();
      await running.catch(() => undefined);
      await rm(home, { recursive: true, force: true });
    }
  }, 240_000);
});

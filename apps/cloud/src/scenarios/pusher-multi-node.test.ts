import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { progressChannelName } from "@multiclaw/protocol";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningCloud, startCloud } from "../cloud.ts";
import {
  connected,
  connectPusherJs,
  pusherServer,
  record,
  subscribed,
} from "../pusher/test-pusher-clients.ts";
import { signUp } from "../testing/test-client.ts";
import { openTestDatabase, type TestDatabase, testStorage } from "../testing/test-database.ts";

// Two nodes share PostgreSQL and Redis, not one PGlite directory: this runs in the postgres project.
describe.runIf(testStorage() === "postgres")(
  "the Pusher endpoint on two Cloud nodes behind one Redis",
  () => {
    let database: TestDatabase;
    const homes: string[] = [];
    const nodes: RunningCloud[] = [];
    // Every node of one Cloud is given the same Pusher app, as an operator would configure it.
    const pusher = {
      pusherAppId: "777",
      pusherKey: "multi-node-key",
      pusherSecret: randomBytes(20).toString("hex"),
    };

    beforeAll(async () => {
      database = await openTestDatabase("postgres");
      const masterKey = randomBytes(32).toString("base64");
      for (let index = 0; index < 2; index += 1) {
        const home = await mkdtemp(join(tmpdir(), "multiclaw-pusher-node-"));
        homes.push(home);
        nodes.push(
          await startCloud({
            port: 0,
            dataDir: home,
            databaseUrl: database.url as string,
            redisUrl: process.env.MULTICLAW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
            masterKey,
            ...pusher,
            logger: pino({ level: "silent" }),
            env: {},
          }),
        );
      }
    }, 60_000);
    afterAll(async () => {
      await Promise.all(nodes.map((node) => node.close()));
      await database?.close();
      await Promise.all(homes.map((home) => rm(home, { recursive: true, force: true })));
    });

    it("delivers one trigger, once, to subscribers on both nodes, whichever node it was sent to", async () => {
      const [first, second] = nodes as [RunningCloud, RunningCloud];
      const user = await signUp(first.url, "Nodes");
      const channel = progressChannelName(user.user.id);
      const received = [];
      for (const node of [first, second]) {
        const client = connectPusherJs(node.url, pusher.pusherKey, user.tokens.accessToken);
        await connected(client);
        received.push({ client, events: record(await subscribed(client, channel), "operation-progressed") });
      }
      try {
        const target = { appId: pusher.pusherAppId, key: pusher.pusherKey, secret: pusher.pusherSecret };
        await pusherServer({ ...target, cloudUrl: first.url }).trigger(channel, "operation-progressed", {
          step: 1,
        });
        await pusherServer({ ...target, cloudUrl: second.url }).trigger(channel, "operation-progressed", {
          step: 2,
        });
        for (const { events } of received) {
          await expect.poll(() => events).toEqual([{ step: 1 }, { step: 2 }]);
        }
        // No late duplicate from Redis echoing a node's own message back to it.
        await new Promise((resolve) => setTimeout(resolve, 200));
        for (const { events } of received) expect(events).toHaveLength(2);
      } finally {
        for (const { client } of received) client.disconnect();
      }
    });
  },
);

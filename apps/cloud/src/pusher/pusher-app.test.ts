import { chmod, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeFanoutMessage, encodeFanoutMessage } from "../events/fanout-codec.ts";
import { loadPusherApp } from "./pusher-app.ts";

describe("the Pusher app the Cloud signs for", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "multiclaw-pusher-app-"));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("is generated once into the data directory, 0600, and the same on the next start", async () => {
    const first = await loadPusherApp({ dataDir: dir });
    const path = join(dir, "pusher-app.json");
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const again = await loadPusherApp({ dataDir: dir });
    expect(again.toJSON()).toEqual(first.toJSON());
    expect(again.secret).toBe(first.secret);
    expect(first.secret).toMatch(/^[0-9a-f]{40}$/);
  });

  it("two starts at once agree on one app", async () => {
    const [a, b] = await Promise.all([loadPusherApp({ dataDir: dir }), loadPusherApp({ dataDir: dir })]);
    expect(a.secret).toBe(b.secret);
  });

  it("refuses a generated file others can read", async () => {
    await loadPusherApp({ dataDir: dir });
    await chmod(join(dir, "pusher-app.json"), 0o644);
    await expect(loadPusherApp({ dataDir: dir })).rejects.toThrow(/chmod 600/);
  });

  it("uses the configured app, and wants id, key and secret together", async () => {
    const app = await loadPusherApp({
      dataDir: dir,
      pusherAppId: "42",
      pusherKey: "key",
      pusherSecret: "s3cret-value",
      pusherCluster: "eu",
    });
    expect(app.toJSON()).toEqual({ appId: "42", key: "key", cluster: "eu" });
    await expect(loadPusherApp({ dataDir: dir, pusherKey: "key" })).rejects.toThrow(
      /pusherAppId \(MULTICLAW_PUSHER_APP_ID\), pusherSecret \(MULTICLAW_PUSHER_SECRET\)/,
    );
    // A cluster names hosted Pusher, which the Cloud cannot sign for without the app's credentials.
    await expect(loadPusherApp({ dataDir: dir, pusherCluster: "eu" })).rejects.toThrow(/pusherKey/);
    await expect(readFile(join(dir, "pusher-app.json"))).rejects.toThrow(/ENOENT/);
  });

  it("never shows its secret when logged, printed or serialised", async () => {
    const app = await loadPusherApp({
      dataDir: dir,
      pusherAppId: "1",
      pusherKey: "k",
      pusherSecret: "TOPSECRET",
    });
    expect(JSON.stringify({ app })).not.toContain("TOPSECRET");
    expect(inspect(app)).not.toContain("TOPSECRET");
    expect(`${Object.values(app)}`).not.toContain("TOPSECRET");
  });
});

describe("a triggered Pusher event crossing the fan-out", () => {
  it("round-trips through the fan-out codec", () => {
    const message = {
      kind: "pusher-event" as const,
      channels: ["private-user-usr_1", "news"],
      event: "progress",
      data: '{"percent":40,"note":"a | and a\\n"}',
      exceptSocketId: "1.2",
    };
    expect(decodeFanoutMessage(encodeFanoutMessage("node-a", message)).message).toEqual(message);
    const broadcast = { ...message, exceptSocketId: null };
    expect(decodeFanoutMessage(encodeFanoutMessage("node-a", broadcast)).message).toEqual(broadcast);
  });

  it("refuses a malformed one", () => {
    expect(() => decodeFanoutMessage('n|c|{"kind":"pusher-event","channels":"x"}')).toThrow();
  });
});

import { PROBLEM_CONTENT_TYPE } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { createCloudClient, type FetchFunction } from "./cloud-client.ts";
import { createRefreshingTokenSource } from "./refreshing-token-source.ts";

/** A 401 problem document, as the Cloud sends for a refresh it refuses. */
function problem401(code: "REFRESH_REUSED" | "INSTANCE_REVOKED"): Response {
  return new Response(JSON.stringify({ type: "x", title: code, status: 401, code, retryable: false }), {
    status: 401,
    headers: { "content-type": PROBLEM_CONTENT_TYPE },
  });
}

/*
 * A stand-in for the refresh route that rotates like the Cloud does: each refresh token works once, and a
 * used one coming back is REFRESH_REUSED.
 */
function rotatingCloud(options: {
  lifetimeMs: number;
  now: () => number;
  serverSkewMs?: number;
  onPresent?: (refreshToken: string) => void;
}) {
  let issued = 0;
  const live = new Set(["mcr_0"]);
  const presented: string[] = [];
  let answerWith: Response | null = null;
  const fetch: FetchFunction = async (_url, init) => {
    const { refreshToken } = JSON.parse(String(init.body)) as { refreshToken: string };
    presented.push(refreshToken);
    options.onPresent?.(refreshToken);
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (answerWith) return answerWith.clone();
    if (!live.delete(refreshToken)) {
      return problem401("REFRESH_REUSED");
    }
    issued += 1;
    live.add(`mcr_${issued}`);
    const serverNow = options.now() + (options.serverSkewMs ?? 0);
    return new Response(
      JSON.stringify({
        tokens: {
          accessToken: `mca_${issued}`,
          accessTokenExpiresAt: new Date(serverNow + options.lifetimeMs).toISOString(),
          refreshToken: `mcr_${issued}`,
          tokenType: "Bearer",
        },
      }),
      {
        status: 200,
        headers: { "content-type": "application/json", date: new Date(serverNow).toUTCString() },
      },
    );
  };
  return {
    client: createCloudClient({ baseUrl: "http://cloud.test", fetch }),
    presented,
    failNextWith(response: Response | null) {
      answerWith = response;
    },
  };
}

function manualClock(start = Date.parse("2030-01-01T00:00:00Z")) {
  let current = start;
  return {
    now: () => current,
    advance(ms: number) {
      current += ms;
    },
  };
}

/** A token source over `cloud` whose saved refresh tokens go nowhere (for tests about refreshing, not saving). */
function forgetfulSource(cloud: ReturnType<typeof rotatingCloud>, clock: ReturnType<typeof manualClock>) {
  return createRefreshingTokenSource({
    client: cloud.client,
    refreshToken: "mcr_0",
    persistRefreshToken: async () => undefined,
    now: clock.now,
  });
}

describe("the refreshing token source", () => {
  it("shares one refresh between concurrent callers and keeps the token until shortly before expiry", async () => {
    const clock = manualClock();
    const cloud = rotatingCloud({ lifetimeMs: 900_000, now: clock.now });
    const saved: string[] = [];
    const source = createRefreshingTokenSource({
      client: cloud.client,
      refreshToken: "mcr_0",
      persistRefreshToken: async (token) => {
        saved.push(token);
      },
      now: clock.now,
    });
    const tokens = await Promise.all([source.accessToken(), source.accessToken(), source.accessToken()]);
    expect(tokens).toEqual(["mca_1", "mca_1", "mca_1"]);
    expect(cloud.presented).toEqual(["mcr_0"]);

    clock.advance(839_000); // 14 min less 1 s: still more than the one-minute margin left
    expect(await source.accessToken()).toBe("mca_1");
    clock.advance(2_000);
    expect(await source.accessToken()).toBe("mca_2");
    expect(cloud.presented).toEqual(["mcr_0", "mcr_1"]);
    expect(saved).toEqual(["mcr_1", "mcr_2"]);
    expect(source.refreshToken()).toBe("mcr_2");
  });

  it("saves each new refresh token before it is ever presented, and retries a failed save first", async () => {
    const clock = manualClock();
    let onDisk = "mcr_0";
    const presentedWhileOnDisk: boolean[] = [];
    // Every token presented must be the one on disk, or a restart could present a spent one.
    const cloud = rotatingCloud({
      lifetimeMs: 60_000,
      now: clock.now,
      onPresent: (token) => presentedWhileOnDisk.push(token === onDisk),
    });
    let diskBroken = false;
    const source = createRefreshingTokenSource({
      client: cloud.client,
      refreshToken: "mcr_0",
      persistRefreshToken: async (token) => {
        if (diskBroken) throw new Error("disk full");
        onDisk = token;
      },
      now: clock.now,
    });
    await source.accessToken();
    expect(onDisk).toBe("mcr_1");

    diskBroken = true;
    clock.advance(60_000);
    await expect(source.accessToken()).rejects.toThrow("disk full");
    // The rotation happened at the Cloud; memory holds the only good token until the disk works again.
    expect(source.refreshToken()).toBe("mcr_2");
    await expect(source.accessToken()).rejects.toThrow("disk full");
    diskBroken = false;
    expect(await source.accessToken()).toBe("mca_2");
    expect(onDisk).toBe("mcr_2");
    clock.advance(60_000);
    expect(await source.accessToken()).toBe("mca_3");
    expect(cloud.presented).toEqual(["mcr_0", "mcr_1", "mcr_2"]);
    expect(presentedWhileOnDisk).toEqual([true, true, true]);
  });

  it("replaces an access token the Cloud called expired once, however many callers saw it", async () => {
    const clock = manualClock();
    const cloud = rotatingCloud({ lifetimeMs: 900_000, now: clock.now });
    const source = forgetfulSource(cloud, clock);
    const first = await source.accessToken();
    const renewed = await Promise.all([source.expired(first), source.expired(first)]);
    expect(renewed).toEqual(["mca_2", "mca_2"]);
    // A caller still holding the old token gets the replacement without another refresh.
    expect(await source.expired(first)).toBe("mca_2");
    expect(cloud.presented).toEqual(["mcr_0", "mcr_1"]);
  });

  it("corrects for a local clock that is behind the Cloud's by the Date header", async () => {
    const clock = manualClock();
    // The Cloud is 10 minutes ahead: its 15-minute token has 5 minutes left in local time.
    const cloud = rotatingCloud({ lifetimeMs: 900_000, now: clock.now, serverSkewMs: 600_000 });
    const source = forgetfulSource(cloud, clock);
    await source.accessToken();
    clock.advance(850_000);
    expect(await source.accessToken()).toBe("mca_2");
  });

  it("ends the session for good on REFRESH_REUSED or a revoked instance, without asking the Cloud again", async () => {
    const clock = manualClock();
    const cloud = rotatingCloud({ lifetimeMs: 900_000, now: clock.now });
    const source = forgetfulSource(cloud, clock);
    cloud.failNextWith(problem401("INSTANCE_REVOKED"));
    await expect(source.accessToken()).rejects.toMatchObject({ code: "INSTANCE_REVOKED" });
    expect(source.ended()).toMatchObject({ code: "INSTANCE_REVOKED" });
    cloud.failNextWith(null);
    await expect(source.accessToken()).rejects.toMatchObject({ code: "INSTANCE_REVOKED" });
    expect(cloud.presented).toHaveLength(1);
  });

  it("keeps the session after a failure that says nothing about it (the Cloud is down)", async () => {
    const clock = manualClock();
    const cloud = rotatingCloud({ lifetimeMs: 900_000, now: clock.now });
    const source = forgetfulSource(cloud, clock);
    cloud.failNextWith(new Response("down", { status: 503 }));
    await expect(source.accessToken()).rejects.toMatchObject({ code: "UNAVAILABLE" });
    expect(source.ended()).toBeNull();
    cloud.failNextWith(null);
    expect(await source.accessToken()).toBe("mca_1");
  });
});

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { call } from "@multiclaw/cloud/testing/test-client";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient, isCloudError } from "@multiclaw/cloud-client";
import { type GatewayProcess, spawnGatewayProcess } from "@multiclaw/gateway/testing/gateway-process";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LOCAL_OWNER_EMAIL, signInEmbeddedGateway } from "./first-sign-in.ts";

/*
 * The first sign-in against a real Cloud and a real gateway process, all from 127.0.0.1 like `npm start`. The
 * Cloud's limiter counts its minute by Date.now: the test's clock runs ahead by what the sign-in "waited", so a
 * 60-second Retry-After passes at once and the retry meets the next window of the real limiter.
 */

let cloud: TestCloud | undefined;
let gateway: GatewayProcess | undefined;
let home: string | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await gateway?.kill("SIGTERM");
  await cloud?.close();
  if (home) await rm(home, { recursive: true, force: true });
  [cloud, gateway, home] = [undefined, undefined, undefined];
});

async function startCloudAndGateway(limits: { signInRatePerMinute: number; deviceRatePerMinute: number }) {
  cloud = await startTestCloud(limits);
  home = await mkdtemp(join(tmpdir(), "multiclaw-first-sign-in-"));
  gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
  return { url: cloud.cloud.url, gateway };
}

/** A clock that jumps forward by each rate-limit wait instead of sleeping through it. */
function fakeClock() {
  const realNow = Date.now.bind(Date);
  let aheadMs = 0;
  vi.spyOn(Date, "now").mockImplementation(() => realNow() + aheadMs);
  const waits: number[] = [];
  return {
    waits,
    async waitForRateLimit(ms: number, signal?: AbortSignal) {
      signal?.throwIfAborted();
      waits.push(ms);
      aheadMs += ms;
    },
  };
}

/** A neighbour on the same machine guessing a password until the Cloud refuses this address. */
async function spendSignInBudget(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const guess = await call(url, "POST", "/v1/auth/sign-in", {
      body: { email: "someone@example.test", password: "a guess" },
    });
    if (guess.status === 429) return;
  }
  throw new Error("the Cloud never limited sign-in attempts");
}

async function spendDeviceBudget(url: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const guess = await call(url, "POST", "/v1/device/token", { body: { deviceCode: "mcd_a_guess" } });
    if (guess.status === 429) return;
  }
  throw new Error("the Cloud never limited device requests");
}

describe("the first sign-in of the embedded product", () => {
  it("waits out a rate-limited sign-up as Retry-After says, says so once, and creates the owner", async () => {
    // Three attempts a minute: after the wait, the owner's sign-up, the gateway's first token refresh and the
    // owner's user sign-in at the gateway all fit in the next window, so the start waits once.
    const { url, gateway } = await startCloudAndGateway({
      signInRatePerMinute: 3,
      deviceRatePerMinute: 1000,
    });
    await spendSignInBudget(url);
    const clock = fakeClock();
    const notes: string[] = [];

    const signedIn = await signInEmbeddedGateway({
      gateway: gateway.client,
      cloud: createCloudClient({ baseUrl: url, fetch: (input, init) => fetch(input, init) }),
      showCode: () => {
        throw new Error("the owner approves the code itself; nobody should be asked");
      },
      note: (text) => notes.push(text),
      waitForRateLimit: clock.waitForRateLimit,
    });

    expect(signedIn.kind).toBe("owner-created");
    expect(signedIn.status.signedIn?.account.email).toBe(LOCAL_OWNER_EMAIL);
    expect(clock.waits).toHaveLength(1);
    const waitedSeconds = (clock.waits[0] ?? 0) / 1000;
    expect(waitedSeconds).toBeGreaterThanOrEqual(1);
    expect(waitedSeconds).toBeLessThanOrEqual(60);
    expect(notes).toEqual([
      `The Cloud is rate limiting this machine (too many attempts from its address); waiting ${waitedSeconds} s ` +
        "before trying to create the local owner account again.\n",
    ]);
  });

  it("waits out a rate-limited device approval", async () => {
    const { url, gateway } = await startCloudAndGateway({
      signInRatePerMinute: 1000,
      deviceRatePerMinute: 5,
    });
    const clock = fakeClock();
    const notes: string[] = [];
    let neighbourStruck = false;

    const signedIn = await signInEmbeddedGateway({
      gateway: gateway.client,
      cloud: createCloudClient({
        baseUrl: url,
        // Just before the owner approves the code, a neighbour spends this address's device budget.
        fetch: async (input, init) => {
          if (!neighbourStruck && String(input).endsWith("/v1/device/approve")) {
            neighbourStruck = true;
            await spendDeviceBudget(url);
          }
          return fetch(input, init);
        },
      }),
      showCode: () => {
        throw new Error("the owner approves the code itself; nobody should be asked");
      },
      note: (text) => notes.push(text),
      waitForRateLimit: clock.waitForRateLimit,
    });

    expect(neighbourStruck).toBe(true);
    expect(signedIn.kind).toBe("owner-created");
    expect(signedIn.status.signedIn?.account.email).toBe(LOCAL_OWNER_EMAIL);
    expect(notes[0]).toMatch(/waiting \d+ s before trying to approve the gateway again\.\n$/);
  });

  it("gives up with RATE_LIMITED beyond its total wait, and stops waiting when aborted", async () => {
    const { url, gateway } = await startCloudAndGateway({
      signInRatePerMinute: 1,
      deviceRatePerMinute: 1000,
    });
    await spendSignInBudget(url);
    const cloudClient = createCloudClient({ baseUrl: url, fetch: (input, init) => fetch(input, init) });
    const notes: string[] = [];

    const impatient = await signInEmbeddedGateway({
      gateway: gateway.client,
      cloud: cloudClient,
      showCode: () => undefined,
      note: (text) => notes.push(text),
      rateLimitWaitMs: 500,
    }).catch((error: unknown) => error);
    expect(isCloudError(impatient) && impatient.code).toBe("RATE_LIMITED");
    expect((impatient as Error).message).toMatch(
      /^Could not create the local owner account: the Cloud still refuses this machine .* after waiting 0 s; try again in \d+ s$/,
    );
    expect(notes).toEqual([]);

    const stop = new AbortController();
    const stopped = signInEmbeddedGateway({
      gateway: gateway.client,
      cloud: cloudClient,
      showCode: () => undefined,
      note: (text) => {
        notes.push(text);
        stop.abort(new Error("stopped by the user"));
      },
      signal: stop.signal,
    });
    await expect(stopped).rejects.toThrow("stopped by the user");
    expect(notes).toHaveLength(1);
  });
});

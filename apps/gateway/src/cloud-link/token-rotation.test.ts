import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { createCloudClient, systemTimers } from "@multiclaw/cloud-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linkFor, observedFetch, signInDevice, signUpPerson } from "./test-link-kit.ts";

const MINUTE = 60_000;

describe("access tokens in memory, refresh tokens rotated onto disk", () => {
  let test: TestCloud;
  /** How far the Cloud's clock and the gateway's clock run ahead of real time. */
  let cloudAhead = 0;
  let gatewayAhead = 0;
  beforeAll(async () => {
    test = await startTestCloud({
      heartbeatIntervalMs: 200,
      eventPingIntervalMs: 200,
      clock: { now: () => new Date(Date.now() + cloudAhead) },
    });
  });
  afterAll(() => test.close());

  it("refreshes before expiry and once after AUTH_EXPIRED, saving every rotated token; reuse ends the session", async () => {
    const owner = await signUpPerson(test.cloud.url, "Rita");
    const device = await signInDevice(test.cloud.url, owner);
    const observed = observedFetch();
    const link = linkFor(device, {
      fetch: observed,
      timers: { now: () => Date.now() + gatewayAhead, schedule: systemTimers.schedule },
    });
    try {
      const onDisk = async () => (await device.store.read())?.refreshToken;
      const refreshes = () => observed.exchanges.filter((exchange) => exchange.path === "/v1/auth/refresh");
      const heartbeatsAfter = (index: number) =>
        observed.exchanges.slice(index).filter((exchange) => exchange.path.endsWith("/heartbeat"));

      link.start();
      await link.ready();
      const first = await onDisk();
      expect(first).not.toBe(device.credential.refreshToken);
      expect(refreshes()).toHaveLength(1);

      // Shortly before the 15-minute expiry (by both clocks) the gateway refreshes on its own: no 401 needed.
      gatewayAhead += 14.5 * MINUTE;
      cloudAhead += 14.5 * MINUTE;
      await expect.poll(onDisk).not.toBe(first);
      const second = await onDisk();
      expect(refreshes()).toHaveLength(2);
      expect(observed.exchanges.filter((exchange) => exchange.status === 401)).toEqual([]);

      // The Cloud's clock jumps past the expiry the gateway expects: the Cloud answers AUTH_EXPIRED (to a
      // heartbeat, or by closing the event stream — whichever comes first on a busy machine), the gateway
      // refreshes exactly once, and heartbeats go through again.
      const mark = observed.exchanges.length;
      cloudAhead += 16 * MINUTE;
      await expect.poll(onDisk).not.toBe(second);
      const refreshAt = observed.exchanges.findIndex(
        (exchange, index) => index >= mark && exchange.path === "/v1/auth/refresh",
      );
      await expect
        .poll(() => heartbeatsAfter(refreshAt + 1).map((exchange) => exchange.status))
        .toContain(200);
      expect(heartbeatsAfter(mark).filter((exchange) => exchange.status === 401).length).toBeLessThanOrEqual(
        1,
      );
      expect(refreshes()).toHaveLength(3);
      await expect.poll(() => link.state().status).toBe("connected");

      // Someone presents a spent refresh token: the Cloud ends the whole session, and the link says so.
      const thief = createCloudClient({ baseUrl: test.cloud.url, fetch });
      await expect(thief.call("refresh", { body: { refreshToken: first ?? "" } })).rejects.toMatchObject({
        code: "REFRESH_REUSED",
      });
      await expect.poll(() => link.state()).toMatchObject({ status: "offline", reason: "signed-out" });
    } finally {
      await link.stop();
      await device.cleanup();
    }
  });
});

import { mkdtemp, rm, stat } from "node:fs/promises";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { resolveLocalApiPort } from "./local-api-port.ts";
import { startLocalApi } from "./start-local-api.ts";
import { callLocalApi } from "./test-http-call.ts";
import { startTestLocalApi, type TestLocalApi } from "./test-local-api.ts";
import { createFakeGateway } from "./test-local-api-deps.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function started(options: Parameters<typeof startTestLocalApi>[0] = {}): Promise<TestLocalApi> {
  const api = await startTestLocalApi(options);
  cleanups.push(() => api.close());
  return api;
}

/** Whether something accepts TCP connections at this address. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("startLocalApi", () => {
  it("refuses to listen anywhere but 127.0.0.1, before writing anything", async () => {
    const directory = await mkdtemp(join(tmpdir(), "multiclaw-bind-"));
    cleanups.push(() => rm(directory, { recursive: true, force: true }));
    for (const host of ["0.0.0.0", "::", "localhost", "127.0.0.2", "192.168.1.10", ""]) {
      await expect(
        startLocalApi({
          deps: createFakeGateway().deps,
          tokenFile: join(directory, "gateway", "api-token"),
          appSessionsFile: join(directory, "gateway", "app-sessions.json"),
          logger: pino({ level: "silent" }),
          host,
          port: 0,
        }),
      ).rejects.toThrow(/127\.0\.0\.1 only/);
    }
    await expect(stat(join(directory, "gateway"))).rejects.toThrow(/ENOENT/);
  });

  it("listens on loopback only, with its token file 0600 in a 0700 directory", async () => {
    const api = await started();
    const { port } = api.running;
    expect(api.running.url).toBe(`http://127.0.0.1:${port}`);
    expect(await accepts("127.0.0.1", port)).toBe(true);
    expect(await accepts("::1", port)).toBe(false);
    const outward = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address?.address ?? "");
    for (const address of outward) expect(await accepts(address, port), address).toBe(false);
    expect((await stat(api.running.tokenFile)).mode & 0o777).toBe(0o600);
    expect((await stat(join(api.directory, "gateway"))).mode & 0o777).toBe(0o700);
  });

  it("refuses a foreign Host and a missing token on the real socket", async () => {
    const api = await started();
    const { port } = api.running;
    // A raw request, so the test controls the Host header.
    const rebound = await callLocalApi(port, "/v1/status", {
      headers: { host: `attacker.example:${port}`, authorization: `Bearer ${api.token}` },
    });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.text).code).toBe("HOST_FORBIDDEN");
    const anonymous = await callLocalApi(port, "/v1/status", { headers: { host: `127.0.0.1:${port}` } });
    expect(anonymous.status).toBe(401);
    const allowed = await callLocalApi(port, "/v1/status", {
      headers: { host: `localhost:${port}`, authorization: `Bearer ${api.token}` },
    });
    expect(allowed.status).toBe(200);
    expect(JSON.parse(allowed.text).pid).toBe(process.pid);
  });

  it("says which setting to change when the port is taken", async () => {
    const first = await started();
    await expect(started({ port: first.running.port })).rejects.toThrow(/in use.*MULTICLAW_GATEWAY_PORT/);
  });

  it("never logs the token", async () => {
    const api = await started();
    await callLocalApi(api.running.port, "/v1/status", {
      headers: { host: `127.0.0.1:${api.running.port}`, authorization: "Bearer wrong" },
    });
    expect(api.logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(api.logs)).not.toContain(api.token);
  });
});

describe("the local API port", () => {
  it("comes from the option, else MULTICLAW_GATEWAY_PORT, else 4801", () => {
    expect(resolveLocalApiPort(5000, { MULTICLAW_GATEWAY_PORT: "6000" })).toBe(5000);
    expect(resolveLocalApiPort(undefined, { MULTICLAW_GATEWAY_PORT: "6000" })).toBe(6000);
    expect(resolveLocalApiPort(undefined, {})).toBe(4801);
    expect(resolveLocalApiPort(0, {})).toBe(0);
  });

  it("fails naming the option and the variable for a bad value", () => {
    expect(() => resolveLocalApiPort(undefined, { MULTICLAW_GATEWAY_PORT: "http" })).toThrow(
      /option `port` or MULTICLAW_GATEWAY_PORT/,
    );
    expect(() => resolveLocalApiPort(70_000, {})).toThrow(/MULTICLAW_GATEWAY_PORT/);
  });
});

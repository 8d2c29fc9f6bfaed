import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { type CloudHandlers, createStartingGate } from "./starting-gate.ts";

const request = (path: string, method = "GET") => new Request(`http://127.0.0.1:4800${path}`, { method });

function cloudHandlers() {
  const upgraded: string[] = [];
  const handlers: CloudHandlers = {
    fetch: (req) => Response.json({ servedBy: "cloud", path: new URL(req.url).pathname }),
    upgrade: (req) => void upgraded.push(req.url ?? ""),
  };
  return { handlers, upgraded };
}

describe("the Cloud's server before its database is open", () => {
  it("answers liveness at once, says it is starting, and serves what waited once it is up", async () => {
    const gate = createStartingGate({ version: "1.2.3" });
    const health = await gate.fetch(request("/healthz"), {});
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", version: "1.2.3" });
    const ready = await gate.fetch(request("/readyz"), {});
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: "not-ready",
      checks: { database: "starting", fanout: "starting" },
    });

    let answered = false;
    const early = Promise.resolve(gate.fetch(request("/v1/auth/sign-in", "POST"), {})).then((answer) => {
      answered = true;
      return answer;
    });
    const socket = new PassThrough();
    gate.upgrade({ url: "/v1/events" } as never, socket, Buffer.alloc(0));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);

    const cloud = cloudHandlers();
    gate.open(cloud.handlers);
    expect(await (await early).json()).toEqual({ servedBy: "cloud", path: "/v1/auth/sign-in" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(cloud.upgraded).toEqual(["/v1/events"]);
    // From then on the Cloud answers everything, its own health routes too.
    expect(await (await gate.fetch(request("/readyz"), {})).json()).toEqual({
      servedBy: "cloud",
      path: "/readyz",
    });
  });

  it("answers what waited 503 UNAVAILABLE with a Retry-After, and closes waiting upgrades, when the start fails", async () => {
    const gate = createStartingGate({ version: "1.2.3" });
    const early = gate.fetch(request("/v1/workspaces"), {});
    const socket = new PassThrough();
    gate.upgrade({ url: "/v1/events" } as never, socket, Buffer.alloc(0));
    gate.fail();
    const answer = await early;
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("1");
    expect(await answer.json()).toMatchObject({ code: "UNAVAILABLE", detail: "The Cloud could not start" });
    await new Promise((resolve) => setImmediate(resolve));
    expect(socket.destroyed).toBe(true);
    const ready = await gate.fetch(request("/readyz"), {});
    expect(await ready.json()).toMatchObject({ checks: { database: "failing", fanout: "failing" } });
  });

  it("stops holding a request after waitMs", async () => {
    const gate = createStartingGate({ version: "1.2.3", waitMs: 30 });
    const answer = await gate.fetch(request("/v1/workspaces"), {});
    expect(answer.status).toBe(503);
    expect(await answer.json()).toMatchObject({ code: "UNAVAILABLE", detail: "The Cloud is still starting" });
  });
});

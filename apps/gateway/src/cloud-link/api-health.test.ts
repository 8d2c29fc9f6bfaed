import { EgressBlockedError } from "@multiclaw/egress/node";
import { describe, expect, it } from "vitest";
import { type ApiHealth, trackApiHealth } from "./api-health.ts";

describe("the Cloud API's health, as the link's requests show it", () => {
  it("tells answering, failing and refused by the guard apart, and reports block changes only", async () => {
    let next: () => Promise<Response> = async () => new Response("{}", { status: 200 });
    const health = trackApiHealth(() => next());
    const changes: ApiHealth["state"][] = [];
    health.onBlockedChange((now) => changes.push(now.state));
    const call = () => health.fetch("http://127.0.0.1:4800/v1/x", {}).catch(() => undefined);

    expect(health.current()).toEqual({ state: "unknown" });
    await call();
    expect(health.current()).toEqual({ state: "answering" });

    next = async () => new Response("", { status: 503 });
    await call();
    expect(health.current()).toEqual({ state: "failing" });

    const refusal = new EgressBlockedError("cloud-api", "you blocked it", "http://127.0.0.1:4800");
    next = async () => Promise.reject(new TypeError("fetch failed", { cause: refusal }));
    await call();
    await call();
    expect(health.current()).toMatchObject({ state: "blocked", refusal: { rowId: "cloud-api" } });

    // A request its caller cancelled says nothing either way.
    next = async () => Promise.reject(new DOMException("aborted", "AbortError"));
    await call();
    expect(health.current().state).toBe("blocked");

    next = async () => new Response("{}", { status: 404 });
    await call();
    expect(health.current()).toEqual({ state: "answering" });
    expect(changes).toEqual(["blocked", "answering"]);
  });
});

import { describe, expect, it } from "vitest";
import { isGatewayApiError } from "./gateway-api-error.ts";
import { createGatewayClient, type FetchFunction } from "./gateway-client.ts";

/* What the client does on its own side of the wire; the round trips against the real server are in apps/gateway. */

const runId = "run_01jaaaaaaaaaaaaaaaaaaaaaaa";

function recordingFetch(answer: () => Response) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetch: FetchFunction = async (url, init) => {
    requests.push({ url, init });
    return answer();
  };
  return { fetch, requests };
}

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!isGatewayApiError(error)) throw new Error(`expected a GatewayApiError, got ${String(error)}`);
  return error;
}

describe("createGatewayClient", () => {
  it("fills and encodes the path, sends the token and protocol, and drops unset filters", async () => {
    const { fetch, requests } = recordingFetch(
      () => new Response(JSON.stringify({ events: [], hasMore: false }), { status: 200 }),
    );
    const client = createGatewayClient({ baseUrl: "http://127.0.0.1:4801/", token: "secret", fetch });
    await client.listRunEvents(runId, { after: 3 });
    expect(requests[0]?.url).toBe(`http://127.0.0.1:4801/v1/runs/${runId}/events?after=3&limit=500`);
    expect(requests[0]?.init.headers).toMatchObject({
      authorization: "Bearer secret",
      "multiclaw-protocol": "1",
    });

    const rows = recordingFetch(() => new Response("{}", { status: 500 }));
    await failure(
      createGatewayClient({ baseUrl: "http://127.0.0.1:4801", fetch: rows.fetch }).blockConnection(
        "mcp:files",
      ),
    );
    expect(rows.requests[0]?.url).toBe("http://127.0.0.1:4801/v1/connections/mcp%3Afiles/block");
  });

  it("refuses invalid input before sending anything", async () => {
    const { fetch, requests } = recordingFetch(() => new Response("{}"));
    const client = createGatewayClient({ baseUrl: "http://127.0.0.1:4801", token: "t", fetch });
    const error = await failure(client.createConversation({ agentId: "agt_nope", text: "" }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fieldProblems?.map((problem) => problem.path)).toEqual(["body.agentId", "body.text"]);
    expect(requests).toEqual([]);
  });

  it("keeps the health check free of the token", async () => {
    const { fetch, requests } = recordingFetch(() => new Response(JSON.stringify({ ok: true })));
    await createGatewayClient({ baseUrl: "http://127.0.0.1:4801", token: "secret", fetch }).health();
    expect(requests[0]?.init.headers).not.toHaveProperty("authorization");
  });

  it("turns problem documents, foreign answers and odd bodies into stable codes", async () => {
    const problem = {
      type: "https://multiclaw.dev/errors/key-not-configured",
      title: "No API key is configured for this provider",
      status: 409,
      code: "KEY_NOT_CONFIGURED",
      retryable: false,
      detail: "No key for anthropic",
    };
    const cases: [Response, string][] = [
      [new Response(JSON.stringify(problem), { status: 409 }), "KEY_NOT_CONFIGURED"],
      [new Response("<html>nginx</html>", { status: 403 }), "HOST_FORBIDDEN"],
      [new Response("nope", { status: 502 }), "INTERNAL"],
      [new Response("not json", { status: 200 }), "INTERNAL"],
      [new Response(JSON.stringify({ ok: "yes" }), { status: 200 }), "INTERNAL"],
    ];
    for (const [response, code] of cases) {
      const client = createGatewayClient({ baseUrl: "http://127.0.0.1:4801", fetch: async () => response });
      const error = await failure(client.health());
      expect(error.code).toBe(code);
    }
    const client = createGatewayClient({
      baseUrl: "http://127.0.0.1:4801",
      fetch: async () => new Response(JSON.stringify(problem), { status: 409 }),
    });
    expect((await failure(client.status())).message).toBe("No key for anthropic");
  });

  it("keeps when to retry from a RATE_LIMITED problem (a Cloud refusal the gateway passed on)", async () => {
    const limited = {
      type: "https://multiclaw.dev/errors/rate-limited",
      title: "Too many requests",
      status: 429,
      code: "RATE_LIMITED",
      retryable: true,
      retryAfterSeconds: 42,
    };
    const client = createGatewayClient({
      baseUrl: "http://127.0.0.1:4801",
      fetch: async () => new Response(JSON.stringify(limited), { status: 429 }),
    });
    const error = await failure(
      client.signInUser({ email: "ada@example.test", password: "a long passphrase" }),
    );
    expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, retryAfterSeconds: 42 });
  });

  it("says UNAVAILABLE when nothing answers, and how to start the gateway", async () => {
    const client = createGatewayClient({
      baseUrl: "http://127.0.0.1:4801",
      fetch: async () => {
        throw new TypeError("fetch failed");
      },
    });
    const error = await failure(client.status());
    expect([error.code, error.retryable]).toEqual(["UNAVAILABLE", true]);
    expect(error.message).toContain("multiclaw gateway start");
  });

  it("exchanges an App code without the token, and leaves the session to the browser's cookie", async () => {
    const code = "c".repeat(43);
    const expiresAt = "2027-01-06T08:00:00.000Z";
    const { fetch, requests } = recordingFetch(
      () => new Response(JSON.stringify({ expiresAt }), { status: 200 }),
    );
    const client = createGatewayClient({ baseUrl: "http://127.0.0.1:4801", token: "secret", fetch });
    expect(await client.openAppSession({ code })).toEqual({ expiresAt });
    expect(requests[0]?.url).toBe("http://127.0.0.1:4801/v1/app/session");
    expect(requests[0]?.init.method).toBe("POST");
    expect(JSON.parse(String(requests[0]?.init.body))).toEqual({ code });
    expect(requests[0]?.init.headers).not.toHaveProperty("authorization");

    const malformed = await failure(client.openAppSession({ code: "not a code" }));
    expect(malformed.code).toBe("VALIDATION_FAILED");
    expect(requests).toHaveLength(1);
  });

  it("asks for an App code with the token, and ends the App's session with DELETE", async () => {
    const appCode = {
      code: "c".repeat(43),
      url: `http://127.0.0.1:4801/#code=${"c".repeat(43)}`,
      expiresAt: "2026-12-07T08:02:00.000Z",
    };
    const minting = recordingFetch(() => new Response(JSON.stringify(appCode), { status: 201 }));
    const client = createGatewayClient({
      baseUrl: "http://127.0.0.1:4801",
      token: "secret",
      fetch: minting.fetch,
    });
    expect(await client.createAppCode()).toEqual(appCode);
    expect(minting.requests[0]?.init.headers).toMatchObject({ authorization: "Bearer secret" });

    const closing = recordingFetch(() => new Response(null, { status: 204 }));
    const page = createGatewayClient({ baseUrl: "http://127.0.0.1:4801", fetch: closing.fetch });
    await expect(page.closeAppSession()).resolves.toBeUndefined();
    expect(closing.requests[0]?.url).toBe("http://127.0.0.1:4801/v1/app/session");
    expect(closing.requests[0]?.init.method).toBe("DELETE");
    expect(closing.requests[0]?.init.headers).not.toHaveProperty("authorization");
  });

  it("streams without a token from the App's page, whose cookie goes with the upgrade", () => {
    const sent: string[] = [];
    const listeners = new Map<string, (event: unknown) => void>();
    const client = createGatewayClient({
      baseUrl: "http://127.0.0.1:4801",
      fetch: async () => new Response(),
      openWebSocket: (url) => {
        expect(url).toBe("ws://127.0.0.1:4801/v1/stream");
        return {
          readyState: 0,
          send: (data: string) => void sent.push(data),
          close: () => {},
          addEventListener: (type: string, listener: (event: unknown) => void) =>
            void listeners.set(type, listener),
        } as never;
      },
    });
    const subscription = client.subscribeRunEvents({ subscribe: "all", onEvent: () => {} });
    listeners.get("open")?.({});
    expect(JSON.parse(sent[0] ?? "{}")).toEqual({ type: "hello", protocol: 1, subscribe: "all", after: {} });
    subscription.close();
  });

  it("needs a WebSocket opener to stream", () => {
    const client = createGatewayClient({
      baseUrl: "http://127.0.0.1:4801",
      fetch: async () => new Response(),
    });
    expect(() => client.subscribeRunEvents({ subscribe: "all", onEvent: () => {} })).toThrow(/openWebSocket/);
  });
});

import { PROBLEM_CONTENT_TYPE, PROTOCOL_VERSION } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { createCloudClient, type FetchFunction } from "./cloud-client.ts";
import { CloudError } from "./cloud-error.ts";
import type { TokenSource } from "./token-source.ts";

/*
 * The HTTP boundary is a fetch function, so these tests answer it directly with the exact wire shapes the
 * Cloud sends (the gateway's tests run the same client against a real Cloud).
 */

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

function recordingFetch(answer: (sent: Sent, index: number) => Response) {
  const sent: Sent[] = [];
  const fetch: FetchFunction = async (url, init) => {
    const request: Sent = {
      url,
      method: String(init.method),
      headers: init.headers as Record<string, string>,
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
    };
    sent.push(request);
    return answer(request, sent.length - 1);
  };
  return { fetch, sent };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function problem(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({
      type: "https://multiclaw.dev/errors/x",
      title: code,
      status,
      code,
      retryable: false,
      ...extra,
    }),
    { status, headers: { "content-type": PROBLEM_CONTENT_TYPE } },
  );
}

const workspaceId = "ws_01j9zzzzzzzzzzzzzzzzzzzzzz";
const taskId = "tsk_01j9zzzzzzzzzzzzzzzzzzzzzz";
const userId = "usr_01j9zzzzzzzzzzzzzzzzzzzzzz";
const at = "2030-01-01T00:00:00.000Z";

const task = {
  id: taskId,
  workspaceId,
  title: "Renew the certificate",
  assigneeAgentId: null,
  instanceId: null,
  state: "planning",
  failureCode: null,
  createdBy: userId,
  assignedBy: null,
  createdAt: at,
  updatedAt: at,
  assignedAt: null,
  startedAt: null,
  finishedAt: null,
  version: 3,
};

function tokens(value: string): TokenSource & { expiredCalls: string[] } {
  const expiredCalls: string[] = [];
  let current = value;
  return {
    expiredCalls,
    accessToken: async () => current,
    async expired(token) {
      expiredCalls.push(token);
      current = `${token}-renewed`;
      return current;
    },
  };
}

describe("the typed Cloud client", () => {
  it("builds the request from the route table: path, body, protocol header, bearer and idempotency key", async () => {
    const { fetch, sent } = recordingFetch(() => json(200, { ...task, extra: "dropped" }));
    const cloud = createCloudClient({ baseUrl: "http://127.0.0.1:4800/", fetch, auth: tokens("mca_one") });
    const answer = await cloud.call("transitionTask", {
      params: { workspaceId, taskId },
      body: { to: "planning", expectedVersion: 2 },
      idempotencyKey: "transition-key-1",
    });
    expect(answer).toEqual(task);
    expect(sent).toEqual([
      {
        url: `http://127.0.0.1:4800/v1/workspaces/${workspaceId}/tasks/${taskId}/transitions`,
        method: "POST",
        headers: {
          accept: "application/json",
          "content-type": "application/json",
          "multiclaw-protocol": String(PROTOCOL_VERSION),
          "idempotency-key": "transition-key-1",
          authorization: "Bearer mca_one",
        },
        body: { to: "planning", expectedVersion: 2 },
      },
    ]);
  });

  it("puts query values in the URL and sends no token to routes that need none", async () => {
    const { fetch, sent } = recordingFetch(() =>
      json(200, { workspaceId, fromRevision: 4, revision: 4, agentsChanged: [], agentsDeleted: [] }),
    );
    const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch, auth: tokens("mca_x") });
    await cloud.call("configDelta", { params: { workspaceId }, query: { since: 4 } });
    expect(sent[0]?.url).toBe(`http://cloud.test/v1/workspaces/${workspaceId}/config/delta?since=4`);

    const unauthenticated = recordingFetch(() => json(200, { status: "ok", version: "1" }));
    await createCloudClient({ baseUrl: "http://cloud.test", fetch: unauthenticated.fetch }).call("health");
    expect(unauthenticated.sent[0]?.headers.authorization).toBeUndefined();
  });

  it("refuses input the route's schema refuses, without sending anything", async () => {
    const { fetch, sent } = recordingFetch(() => json(200, task));
    const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch, auth: tokens("mca_x") });
    const error = await cloud
      .call("transitionTask", {
        params: { workspaceId: "not-an-id", taskId },
        body: { to: "sleeping" as "done" },
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CloudError);
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: null });
    expect((error as CloudError).fieldProblems?.map((field) => field.path)).toEqual(["params.workspaceId"]);
    expect(sent).toEqual([]);
  });

  it("throws the problem's stable code with status and retry-after", async () => {
    const { fetch } = recordingFetch(() =>
      problem(429, "RATE_LIMITED", { retryable: true, retryAfterSeconds: 7, detail: "slow down" }),
    );
    const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch });
    const error = await cloud
      .call("signIn", { body: { email: "a@example.test", password: "x" } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "RATE_LIMITED",
      status: 429,
      retryable: true,
      retryAfterSeconds: 7,
      message: "slow down",
    });
  });

  it("names a code by status when an answer in between is not a problem document", async () => {
    const { fetch } = recordingFetch(
      () => new Response("Bad Gateway", { status: 502, headers: { "retry-after": "3" } }),
    );
    const error = await createCloudClient({ baseUrl: "http://cloud.test", fetch })
      .call("health")
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "UNAVAILABLE", status: 502, retryable: true, retryAfterSeconds: 3 });
  });

  it("reports a request that got no answer as UNAVAILABLE, and a guard's refusal by its own code", async () => {
    const unreachable = createCloudClient({
      baseUrl: "http://cloud.test",
      fetch: async () => {
        throw new TypeError("fetch failed", { cause: Object.assign(new Error("connect ECONNREFUSED"), {}) });
      },
    });
    await expect(unreachable.call("health")).rejects.toMatchObject({ code: "UNAVAILABLE", status: null });

    const blocked = createCloudClient({
      baseUrl: "http://cloud.test",
      fetch: async () => {
        const refusal = Object.assign(new Error("egress blocked: row cloud-api is blocked"), {
          code: "EGRESS_BLOCKED",
        });
        throw new TypeError("fetch failed", { cause: refusal });
      },
    });
    await expect(blocked.call("health")).rejects.toMatchObject({ code: "EGRESS_BLOCKED", retryable: false });
  });

  it("refuses an answer that does not match the protocol", async () => {
    const { fetch } = recordingFetch(() => json(200, { id: taskId }));
    const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch, auth: tokens("mca_x") });
    await expect(cloud.call("getTask", { params: { workspaceId, taskId } })).rejects.toMatchObject({
      code: "INTERNAL",
      retryable: false,
    });
  });

  it("after AUTH_EXPIRED asks the token source once for a new token and retries once", async () => {
    const auth = tokens("mca_old");
    const { fetch, sent } = recordingFetch((request) =>
      request.headers.authorization === "Bearer mca_old-renewed"
        ? json(200, task)
        : problem(401, "AUTH_EXPIRED"),
    );
    const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch, auth });
    await expect(cloud.call("getTask", { params: { workspaceId, taskId } })).resolves.toEqual(task);
    expect(auth.expiredCalls).toEqual(["mca_old"]);
    expect(sent.map((request) => request.headers.authorization)).toEqual([
      "Bearer mca_old",
      "Bearer mca_old-renewed",
    ]);

    // Expired again right after renewing: no loop, the error surfaces.
    const stubborn = recordingFetch(() => problem(401, "AUTH_EXPIRED"));
    const again = createCloudClient({
      baseUrl: "http://cloud.test",
      fetch: stubborn.fetch,
      auth: tokens("a"),
    });
    await expect(again.call("me")).rejects.toMatchObject({ code: "AUTH_EXPIRED" });
    expect(stubborn.sent).toHaveLength(2);
  });

  it("with the session cookie sends no Authorization at all and never retries AUTH_EXPIRED", async () => {
    const { fetch, sent } = recordingFetch(() => json(200, task));
    const credentials: unknown[] = [];
    const cloud = createCloudClient({
      baseUrl: "http://127.0.0.1:4801/cloud",
      fetch: (url, init) => {
        credentials.push(init.credentials);
        return fetch(url, init);
      },
      auth: "session-cookie",
    });
    await expect(cloud.call("getTask", { params: { workspaceId, taskId } })).resolves.toEqual(task);
    expect(sent[0]?.url).toBe(`http://127.0.0.1:4801/cloud/v1/workspaces/${workspaceId}/tasks/${taskId}`);
    expect(sent[0]?.headers).not.toHaveProperty("authorization");
    expect(credentials).toEqual(["same-origin"]);

    const expired = recordingFetch(() => problem(401, "AUTH_EXPIRED"));
    const page = createCloudClient({
      baseUrl: "http://127.0.0.1:4801/cloud",
      fetch: expired.fetch,
      auth: "session-cookie",
    });
    await expect(page.call("me")).rejects.toMatchObject({ code: "AUTH_EXPIRED" });
    expect(expired.sent).toHaveLength(1);
  });

  it("answers a conditional request with 304 as a null body with its ETag", async () => {
    const { fetch, sent } = recordingFetch(
      () => new Response(null, { status: 304, headers: { etag: `"${workspaceId}.7"` } }),
    );
    const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch, auth: tokens("mca_x") });
    const answer = await cloud.exchange("configSnapshot", {
      params: { workspaceId },
      ifNoneMatch: `"${workspaceId}.7"`,
    });
    expect(answer).toMatchObject({ status: 304, body: null, etag: `"${workspaceId}.7"` });
    expect(sent[0]?.headers["if-none-match"]).toBe(`"${workspaceId}.7"`);
  });

  it("returns undefined for 204 routes and refuses to call an authenticated route without a token source", async () => {
    const { fetch } = recordingFetch(() => new Response(null, { status: 204 }));
    await expect(
      createCloudClient({ baseUrl: "http://cloud.test", fetch }).call("signOut", {
        body: { refreshToken: "mcr_x" },
      }),
    ).resolves.toBeUndefined();
    await expect(createCloudClient({ baseUrl: "http://cloud.test", fetch }).call("me")).rejects.toMatchObject(
      {
        code: "AUTH_REQUIRED",
        status: null,
      },
    );
  });
});

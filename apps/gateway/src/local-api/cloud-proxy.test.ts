import { mkdtemp, rm } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { type CloudClient, createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { GATEWAY_CLOUD_PREFIX, PROBLEM_CONTENT_TYPE } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Account, PASSWORD, signUpPerson } from "../cloud-link/test-link-kit.ts";
import { type GatewayProcess, spawnGatewayProcess } from "../testing/gateway-process.ts";
import { apiTokenOf } from "../testing/user-session-kit.ts";

/*
 * `/cloud/*` on the local API: the Cloud's user routes, forwarded as the user signed in through the gateway.
 * A real Cloud and a real gateway process (signed out itself: the only Cloud connections are the user's); the
 * caller is the Cloud's own typed client, pointed at the gateway, exactly as the CLI uses it.
 */

let cloud: TestCloud;
let home: string;
let gateway: GatewayProcess;
let apiToken: string;
let ada: Account;
/** The Cloud's client through the gateway, authenticated with the local API's token. */
let throughGateway: CloudClient;

beforeAll(async () => {
  cloud = await startTestCloud();
  home = await mkdtemp(join(tmpdir(), "multiclaw-cloud-proxy-"));
  gateway = await spawnGatewayProcess({ home, cloudUrl: cloud.cloud.url });
  apiToken = await apiTokenOf(home);
  throughGateway = createCloudClient({
    baseUrl: `${gateway.url}${GATEWAY_CLOUD_PREFIX}`,
    fetch,
    auth: staticTokenSource(apiToken),
  });
  ada = await signUpPerson(cloud.cloud.url, "Ada");
});
afterAll(async () => {
  await gateway?.kill("SIGTERM");
  await rm(home, { recursive: true, force: true });
  await cloud.close();
});

/** A raw request to the local API, with its token, as any HTTP client would send it. */
function localApi(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${gateway.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${apiToken}`, ...(init.headers as Record<string, string>) },
  });
}

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe(PROBLEM_CONTENT_TYPE);
  return (await response.json()) as { code: string; detail?: string };
}

describe("the Cloud through the gateway, as the signed-in user", () => {
  it("answers 401 AUTH_REQUIRED, saying to sign in, while no user is signed in", async () => {
    const response = await localApi(`/cloud/v1/workspaces/${ada.workspaceId}/agents`);
    expect(response.status).toBe(401);
    const problem = await problemOf(response);
    expect(problem.code).toBe("AUTH_REQUIRED");
    expect(problem.detail).toContain("sign in as a user first: `multiclaw login`");
    await expect(
      throughGateway.call("listAgents", { params: { workspaceId: ada.workspaceId } }),
    ).rejects.toMatchObject({ code: "AUTH_REQUIRED", status: 401 });
  });

  it("forwards user routes with the typed client unchanged, through the cloud-api row", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    const workspaceId = ada.workspaceId;
    const key = await throughGateway.call("putProviderKey", {
      params: { workspaceId, provider: "anthropic" },
      body: { apiKey: "sk-ant-test-0123456789abcdef" },
    });
    expect(key).toMatchObject({ provider: "anthropic" });
    const agent = await throughGateway.call("createAgent", {
      params: { workspaceId },
      body: { name: "Scribe", provider: "anthropic", model: "claude-sonnet-4-5" },
      idempotencyKey: "create-scribe-1",
    });
    // The same Idempotency-Key again: the Cloud replays the first answer, so the key reached it.
    const replayed = await throughGateway.exchange("createAgent", {
      params: { workspaceId },
      body: { name: "Scribe", provider: "anthropic", model: "claude-sonnet-4-5" },
      idempotencyKey: "create-scribe-1",
    });
    expect(replayed.body?.id).toBe(agent.id);
    expect(replayed.headers.get("idempotent-replayed")).toBe("true");

    // What the Cloud now holds, asked directly with the user's own token.
    const agents = await ada.cloud.call("listAgents", { params: { workspaceId } });
    expect(agents.agents.map((each) => each.id)).toEqual([agent.id]);
    const keys = await ada.cloud.call("listProviderKeys", { params: { workspaceId } });
    expect(keys.keys.map((each) => each.provider)).toEqual(["anthropic"]);
    // Query strings go along.
    const tasks = await throughGateway.call("listTasks", { params: { workspaceId }, query: { limit: 1 } });
    expect(tasks.tasks).toEqual([]);

    const { port } = new URL(cloud.cloud.url);
    const log = await gateway.client.connectionLog({ limit: 1000 });
    const toCloud = log.entries.filter((entry) => entry.port === Number(port));
    expect(toCloud.length).toBeGreaterThan(0);
    expect(new Set(toCloud.map((entry) => entry.rowId))).toEqual(new Set(["cloud-api"]));
    const row = (await gateway.client.listConnections()).rows.find((each) => each.id === "cloud-api");
    expect(row?.connections).toBeGreaterThan(0);
  });

  it("passes the Cloud's FORBIDDEN for a member unchanged", async () => {
    const invitation = await ada.cloud.call("createInvitation", {
      params: { workspaceId: ada.workspaceId },
      body: { role: "member" },
    });
    const bob = await signUpPerson(cloud.cloud.url, "Bob");
    await bob.cloud.call("acceptInvitation", { body: { token: invitation.token } });
    await gateway.client.signInUser({ email: bob.email, password: PASSWORD });

    const path = `/v1/workspaces/${ada.workspaceId}/provider-keys/openai`;
    const init = {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ apiKey: "sk-test-0123456789abcdef" }),
    };
    const proxied = await localApi(`/cloud${path}`, init);
    const direct = await fetch(`${cloud.cloud.url}${path}`, {
      ...init,
      headers: { ...init.headers, authorization: `Bearer ${await bobAccessToken(bob.email)}` },
    });
    expect(proxied.status).toBe(403);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.headers.get("content-type")).toBe(direct.headers.get("content-type"));
    const body = await proxied.text();
    expect(JSON.parse(body)).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(body).toBe(await direct.text());
    await expect(
      throughGateway.call("deleteProviderKey", {
        params: { workspaceId: ada.workspaceId, provider: "anthropic" },
      }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", status: 403 });
  });

  it("answers 404 NOT_FOUND for paths that are not a user's Cloud routes", async () => {
    await gateway.client.signInUser({ email: ada.email, password: PASSWORD });
    const refused = [
      ["POST", "/cloud/v1/auth/refresh"],
      ["POST", "/cloud/v1/auth/sign-in"],
      ["GET", `/cloud/v1/workspaces/${ada.workspaceId}/config`],
      ["GET", "/cloud/v1/nothing-here"],
      ["DELETE", "/cloud/v1/me"],
      ["GET", "/cloud/healthz"],
    ];
    for (const [method, path] of refused) {
      const response = await localApi(path as string, {
        method: method as string,
        ...(method === "POST" ? { headers: { "content-type": "application/json" }, body: "{}" } : {}),
      });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect((await problemOf(response)).code).toBe("NOT_FOUND");
    }
    // A path's ids are checked here, as the Cloud would, so a dot-segment never reaches the Cloud's URL
    // (sent raw: fetch would resolve the dots before sending).
    for (const path of ["/cloud/v1/workspaces/../agents", "/cloud/v1/workspaces/%2e%2e/agents"]) {
      const answer = await rawGet(path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body), path).toMatchObject({ code: "VALIDATION_FAILED" });
    }
  });

  it("refuses a caller without the local API's token", async () => {
    const response = await fetch(`${gateway.url}/cloud/v1/me`, { headers: { authorization: "Bearer nope" } });
    expect(response.status).toBe(401);
    expect((await problemOf(response)).code).toBe("AUTH_INVALID");
  });
});

/** A GET sent with its path exactly as written. */
function rawGet(path: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: "127.0.0.1", port, path, headers: { authorization: `Bearer ${apiToken}` } },
      (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          body += chunk.toString();
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on("error", reject);
    request.end();
  });
}

/** An access token of Bob's own, to ask the Cloud directly what it answers him. */
async function bobAccessToken(email: string): Promise<string> {
  const anonymous = createCloudClient({ baseUrl: cloud.cloud.url, fetch });
  return (await anonymous.call("signIn", { body: { email, password: PASSWORD } })).tokens.accessToken;
}

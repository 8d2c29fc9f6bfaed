import { buildOpenApiDocument, cloudRoutes } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, signUp } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

interface Problem {
  code: string;
}

describe("device authorization", () => {
  let test: TestCloud;
  let url: string;
  beforeAll(async () => {
    test = await startTestCloud();
    url = test.cloud.url;
  });
  afterAll(() => test.close());

  it("issues an instance-bound device credential once a signed-in user approves the code", async () => {
    const user = await signUp(url, "Dev");
    const workspaceId = user.workspaces[0]?.id as string;
    const code = await call<{
      deviceCode: string;
      userCode: string;
      verificationUri: string;
      verificationUriComplete: string;
      interval: number;
    }>(url, "POST", "/v1/device/code", { body: { instanceName: "dev-laptop", platform: "linux" } });
    expect(code.status).toBe(200);
    expect(code.body.userCode).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    expect(code.body.verificationUriComplete).toContain(code.body.userCode);

    const pending = await call<Problem>(url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(pending.body.code).toBe("AUTHORIZATION_PENDING");
    const tooFast = await call<Problem>(url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(tooFast.body.code).toBe("SLOW_DOWN");

    const lookup = await call<{ instanceName: string }>(
      url,
      "GET",
      `/v1/device/requests/${code.body.userCode}`,
      {
        token: user.tokens.accessToken,
      },
    );
    expect(lookup.body.instanceName).toBe("dev-laptop");
    const approve = await call(url, "POST", "/v1/device/approve", {
      token: user.tokens.accessToken,
      body: { userCode: code.body.userCode.toLowerCase(), workspaceId },
    });
    expect(approve.status).toBe(204);

    // The poll interval has grown by five seconds after the slow-down; honour it.
    await test.database.db
      .updateTable("device_codes")
      .set({ last_polled_at: new Date(Date.now() - 60_000) })
      .where("user_code", "=", code.body.userCode.replace("-", ""))
      .execute();
    const token = await call<{ instanceId: string; workspaceId: string; tokens: { accessToken: string } }>(
      url,
      "POST",
      "/v1/device/token",
      { body: { deviceCode: code.body.deviceCode } },
    );
    expect(token.status).toBe(200);
    expect(token.body.workspaceId).toBe(workspaceId);

    const me = await call<{ instanceId: string }>(url, "GET", "/v1/me", {
      token: token.body.tokens.accessToken,
    });
    expect(me.body.instanceId).toBe(token.body.instanceId);
    const instances = await call<{ instances: Array<{ id: string; name: string }> }>(
      url,
      "GET",
      `/v1/workspaces/${workspaceId}/instances`,
      { token: user.tokens.accessToken },
    );
    expect(instances.body.instances).toEqual([
      expect.objectContaining({ id: token.body.instanceId, name: "dev-laptop" }),
    ]);

    // The code is single-use.
    const reuse = await call<Problem>(url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(reuse.body.code).toBe("AUTH_INVALID");

    // Revoking the instance ends its credential.
    const revoke = await call(
      url,
      "DELETE",
      `/v1/workspaces/${workspaceId}/instances/${token.body.instanceId}`,
      {
        token: user.tokens.accessToken,
      },
    );
    expect(revoke.status).toBe(204);
    const after = await call<Problem>(url, "GET", "/v1/me", { token: token.body.tokens.accessToken });
    expect(after.status).toBe(401);
  });

  it("grants an approved code even when it is asked for sooner than the interval", async () => {
    const user = await signUp(url, "Quick");
    const workspaceId = user.workspaces[0]?.id as string;
    const code = await call<{ deviceCode: string; userCode: string }>(url, "POST", "/v1/device/code", {
      body: { instanceName: "quick-laptop", platform: "linux" },
    });
    const pending = await call<Problem>(url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(pending.body.code).toBe("AUTHORIZATION_PENDING");
    const approve = await call(url, "POST", "/v1/device/approve", {
      token: user.tokens.accessToken,
      body: { userCode: code.body.userCode, workspaceId },
    });
    expect(approve.status).toBe(204);
    // Within the interval of the last poll: pending codes would be told to slow down, this one is granted.
    const token = await call<{ workspaceId: string }>(url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(token.status).toBe(200);
    expect(token.body.workspaceId).toBe(workspaceId);
  });

  it("tells the device when the user denies it", async () => {
    const user = await signUp(url, "Den");
    const workspaceId = user.workspaces[0]?.id as string;
    const code = await call<{ deviceCode: string; userCode: string }>(url, "POST", "/v1/device/code", {
      body: { instanceName: "unknown-box", platform: "other" },
    });
    await call(url, "POST", "/v1/device/approve", {
      token: user.tokens.accessToken,
      body: { userCode: code.body.userCode, workspaceId, approve: false },
    });
    const denied = await call<Problem>(url, "POST", "/v1/device/token", {
      body: { deviceCode: code.body.deviceCode },
    });
    expect(denied.body.code).toBe("DEVICE_DENIED");
  });

  it("refuses to approve a code into a workspace the user is not in", async () => {
    const user = await signUp(url, "Out");
    const other = await signUp(url, "Own");
    const code = await call<{ userCode: string }>(url, "POST", "/v1/device/code", {
      body: { instanceName: "box", platform: "linux" },
    });
    const result = await call(url, "POST", "/v1/device/approve", {
      token: user.tokens.accessToken,
      body: { userCode: code.body.userCode, workspaceId: other.workspaces[0]?.id },
    });
    expect(result.status).toBe(404);
  });
});

describe("the OpenAPI document", () => {
  let test: TestCloud;
  beforeAll(async () => {
    test = await startTestCloud();
  });
  afterAll(() => test.close());

  it("is served, generated from the protocol's route table, and lists every route", async () => {
    const result = await call<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      test.cloud.url,
      "GET",
      "/openapi.json",
    );
    expect(result.status).toBe(200);
    expect(result.body.openapi).toBe("3.1.0");
    const operations = Object.values(result.body.paths).flatMap((methods) => Object.keys(methods));
    expect(operations).toHaveLength(Object.keys(cloudRoutes).length);
    expect(result.body.paths).toEqual((buildOpenApiDocument() as { paths: unknown }).paths);
  });

  it("has no field for prompts, task content or files in any request or response", () => {
    const names = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (const item of node) collect(item);
        return;
      }
      if (typeof node !== "object" || node === null) return;
      for (const [key, value] of Object.entries(node)) {
        if (key === "properties" && typeof value === "object" && value !== null) {
          for (const name of Object.keys(value)) names.add(name);
        }
        collect(value);
      }
    };
    collect(buildOpenApiDocument());
    expect(names.size).toBeGreaterThan(20);
    for (const field of [
      "prompt",
      "description",
      "content",
      "files",
      "plan",
      "result",
      "messages",
      "output",
    ]) {
      expect(names).not.toContain(field);
    }
  });
});

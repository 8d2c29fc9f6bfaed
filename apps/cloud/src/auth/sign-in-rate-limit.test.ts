import { PROBLEM_CONTENT_TYPE } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiResult, call } from "../testing/test-client.ts";
import { startTestCloud, type TestCloud } from "../testing/test-cloud.ts";

interface Problem {
  code: string;
  retryAfterSeconds?: number;
}

const SIGN_IN_BUDGET = 3;
const DEVICE_BUDGET = 2;
const PASSWORD = "correct horse battery staple";

/**
 * Requests the schemas refuse: wrong content type, invalid JSON, a body of the wrong shape, missing and unknown
 * fields. `valid` is a well-formed body of the same route, to vary.
 */
function malformedBodies(valid: Record<string, unknown>): Array<{ rawBody: string; contentType: string }> {
  const [firstField] = Object.keys(valid);
  const missingOne = { ...valid };
  if (firstField) delete missingOne[firstField];
  return [
    { rawBody: JSON.stringify(valid), contentType: "text/plain" },
    { rawBody: "email=a@example.test&password=x", contentType: "application/x-www-form-urlencoded" },
    { rawBody: '{"email": "a@example.test",', contentType: "application/json" },
    { rawBody: "not json at all", contentType: "application/json" },
    { rawBody: "[]", contentType: "application/json" },
    { rawBody: "{}", contentType: "application/json" },
    { rawBody: JSON.stringify(missingOne), contentType: "application/json" },
    { rawBody: JSON.stringify({ ...valid, extra: true }), contentType: "application/json" },
    {
      rawBody: JSON.stringify(Object.fromEntries(Object.keys(valid).map((field) => [field, 42]))),
      contentType: "application/json",
    },
  ];
}

describe("sign-in and device rate limits count only well-formed attempts", () => {
  let test: TestCloud;
  let url: string;
  let nextAddress = 1;
  beforeAll(async () => {
    // Behind a (pretend) proxy each test speaks from its own client address, so each has a fresh budget.
    test = await startTestCloud({
      signInRatePerMinute: SIGN_IN_BUDGET,
      deviceRatePerMinute: DEVICE_BUDGET,
      trustProxy: true,
    });
    url = test.cloud.url;
  });
  afterAll(() => test.close());

  function clientAt(address: string) {
    return (method: string, path: string, options: Parameters<typeof call>[3] = {}) =>
      call<Problem & Record<string, unknown>>(url, method, path, {
        ...options,
        headers: { ...options.headers, "x-forwarded-for": address },
      });
  }
  const newClient = () => clientAt(`198.51.100.${nextAddress++}`);

  async function flood(
    client: ReturnType<typeof clientAt>,
    path: string,
    valid: Record<string, unknown>,
    rounds = 4,
  ): Promise<number[]> {
    const statuses: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const { rawBody, contentType } of malformedBodies(valid)) {
        const result = await client("POST", path, { rawBody, headers: { "content-type": contentType } });
        statuses.push(result.status);
      }
    }
    return statuses;
  }

  it("lets a well-formed sign-in through after many malformed sign-in and sign-up bodies", async () => {
    const client = newClient();
    const email = `flooded.${Date.now()}@example.test`;
    const created = await client("POST", "/v1/auth/sign-up", {
      body: { email, password: PASSWORD, name: "Flooded" },
    });
    expect(created.status).toBe(201);

    const signUpJunk = await flood(client, "/v1/auth/sign-up", { email, password: PASSWORD, name: "X" });
    const signInJunk = await flood(client, "/v1/auth/sign-in", { email, password: PASSWORD });
    const refreshJunk = await flood(client, "/v1/auth/refresh", { refreshToken: "mcr_whatever" });
    for (const status of [...signUpJunk, ...signInJunk, ...refreshJunk]) expect([400, 415]).toContain(status);

    const signedIn = await client("POST", "/v1/auth/sign-in", { body: { email, password: PASSWORD } });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.tokens).toBeDefined();
  });

  it("still limits well-formed wrong-password attempts, with Retry-After, however much junk is mixed in", async () => {
    const client = newClient();
    const statuses: number[] = [];
    let last: ApiResult<Problem> | undefined;
    for (let attempt = 0; attempt < SIGN_IN_BUDGET + 2; attempt++) {
      await flood(client, "/v1/auth/sign-in", { email: "nobody@example.test", password: "x" }, 1);
      last = await client("POST", "/v1/auth/sign-in", {
        body: { email: "nobody@example.test", password: "wrong password" },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(last?.body.code).toBe("RATE_LIMITED");
    expect(last?.headers.get("content-type")).toContain(PROBLEM_CONTENT_TYPE);
    const retryAfter = Number(last?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(last?.body.retryAfterSeconds).toBe(retryAfter);

    // The limit is per client address: another address still gets its own answer.
    const elsewhere = await newClient()("POST", "/v1/auth/sign-in", {
      body: { email: "nobody@example.test", password: "wrong password" },
    });
    expect(elsewhere.status).toBe(401);
  });

  it("lets a well-formed device request through after many malformed device bodies", async () => {
    const client = newClient();
    const tokenJunk = await flood(client, "/v1/device/token", { deviceCode: "mcd_guess" });
    const codeJunk = await flood(client, "/v1/device/code", { instanceName: "box", platform: "linux" });
    for (const status of [...tokenJunk, ...codeJunk]) expect([400, 415]).toContain(status);

    const code = await client("POST", "/v1/device/code", {
      body: { instanceName: "box", platform: "linux" },
    });
    expect(code.status).toBe(200);
    const poll = await client("POST", "/v1/device/token", { body: { deviceCode: code.body.deviceCode } });
    expect(poll.body.code).toBe("AUTHORIZATION_PENDING");
    const guess = await client("POST", "/v1/device/token", { body: { deviceCode: "mcd_guess" } });
    expect(guess.status).toBe(429);
    expect(guess.body.code).toBe("RATE_LIMITED");
  });
});

import { describe, expect, it } from "vitest";
import { verifySignedRequest } from "./pusher-request-auth.ts";
import { bodyMd5, hmacHex, requestSigningText, signChannelAuth } from "./pusher-signature.ts";
import { checkSubscription } from "./pusher-subscription.ts";

// The worked examples of Pusher's documentation ("Generating authentication and authorization strings" and
// "HTTP API reference: worked authentication example"), used as they are published.
const docs = { appId: "3", key: "278d425bdf160c739803", secret: "7ad3773142a6692b25b8" };
const docsBody = '{"name":"foo","channels":["project-3"],"data":"{\\"some\\":\\"data\\"}"}';
const docsQuery = {
  auth_key: "278d425bdf160c739803",
  auth_timestamp: "1353088179",
  auth_version: "1.0",
  body_md5: "ec365a775a4cd0599faeb73354201b6f",
  auth_signature: "da454824c97ba181a32ccc17a72625ba02771f50b50e1e7430e47a1f3f457e6c",
};

describe("Pusher signatures, against the published examples", () => {
  it("signs a private channel as the documentation's worked example does", () => {
    expect(signChannelAuth(docs, "1234.1234", "private-foobar")).toBe(
      "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4",
    );
  });

  it("hashes the example body and builds and signs the example's string", () => {
    expect(bodyMd5(docsBody)).toBe(docsQuery.body_md5);
    const text = requestSigningText("POST", "/apps/3/events", docsQuery);
    expect(text).toBe(
      "POST\n/apps/3/events\nauth_key=278d425bdf160c739803&auth_timestamp=1353088179&auth_version=1.0&body_md5=ec365a775a4cd0599faeb73354201b6f",
    );
    expect(hmacHex(docs.secret, text)).toBe(docsQuery.auth_signature);
  });

  it("sorts by lowercased key and does not URL-escape values", () => {
    expect(requestSigningText("post", "/x", { Name: "Something else", auth_key: "foo" })).toBe(
      "POST\n/x\nauth_key=foo&name=Something else",
    );
  });
});

describe("checking a trigger request", () => {
  const at = 1353088179;
  const request = { method: "POST", path: "/apps/3/events", query: docsQuery, body: docsBody };

  it("accepts the documentation's example request at its own time and within ten minutes of it", () => {
    expect(verifySignedRequest(docs, request, at)).toEqual({ ok: true });
    expect(verifySignedRequest(docs, request, at + 600)).toEqual({ ok: true });
  });

  it("refuses it more than ten minutes later", () => {
    const outcome = verifySignedRequest(docs, request, at + 601);
    expect(outcome).toMatchObject({ ok: false, status: 401, message: expect.stringContaining("Timestamp") });
  });

  it.each([
    ["a changed body", { body: docsBody.replace("foo", "bar") }, "body_md5"],
    ["a wrong secret", { secret: "0000000000000000000000" }, "Invalid signature"],
    ["another key", { query: { ...docsQuery, auth_key: "0000" } }, "auth_key"],
    ["another auth_version", { query: { ...docsQuery, auth_version: "2.0" } }, "auth_version"],
    ["another path", { path: "/apps/4/events" }, "Invalid signature"],
    ["an extra unsigned parameter", { query: { ...docsQuery, name: "x" } }, "Invalid signature"],
  ])("refuses %s", (_what, change, reason) => {
    const app = { ...docs, ...("secret" in change ? { secret: change.secret } : {}) };
    const outcome = verifySignedRequest(app, { ...request, ...change } as typeof request, at);
    expect(outcome).toMatchObject({ ok: false, status: 401, message: expect.stringContaining(reason) });
  });

  it("never puts the expected signature in its answer", () => {
    const forged = { ...docsQuery, auth_signature: "f".repeat(64) };
    const outcome = verifySignedRequest(docs, { ...request, query: forged }, at);
    expect(JSON.stringify(outcome)).not.toContain(docsQuery.auth_signature);
    expect(JSON.stringify(outcome)).not.toContain(docs.secret);
  });
});

describe("checking a subscription", () => {
  it("lets anyone on a public channel", () => {
    expect(checkSubscription(docs, "1.2", { channel: "news" })).toEqual({ ok: true, channel: "news" });
  });

  it("lets a private channel through with the documented signature for this socket", () => {
    const auth = signChannelAuth(docs, "1234.1234", "private-foobar");
    expect(checkSubscription(docs, "1234.1234", { channel: "private-foobar", auth }).ok).toBe(true);
  });

  it("refuses a signature made for another socket, a forged one, another key or none", () => {
    const forOther = signChannelAuth(docs, "9.9", "private-foobar");
    const forged = `${docs.key}:${"0".repeat(64)}`;
    const otherKey = signChannelAuth({ key: "other", secret: docs.secret }, "1234.1234", "private-foobar");
    for (const auth of [forOther, forged, otherKey, undefined]) {
      const check = checkSubscription(docs, "1234.1234", { channel: "private-foobar", auth });
      expect(check.ok).toBe(false);
    }
    expect(checkSubscription(docs, "1234.1234", { channel: "private-foobar", auth: forged })).toEqual({
      ok: false,
      message: `Invalid signature: Expected HMAC SHA256 hex digest of 1234.1234:private-foobar, but got ${"0".repeat(64)}`,
    });
  });

  it("refuses presence channels and bad channel names", () => {
    expect(checkSubscription(docs, "1.2", { channel: "presence-room" }).ok).toBe(false);
    expect(checkSubscription(docs, "1.2", { channel: "no spaces" }).ok).toBe(false);
  });
});

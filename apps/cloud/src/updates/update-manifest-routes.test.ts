import { createPublicKey, verify } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SignedUpdateManifest, UpdateManifest } from "@multiclaw/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpApp } from "../http/app.ts";
import { silentLogger } from "../testing/fixtures.ts";
import { startTestCloud } from "../testing/test-cloud.ts";
import { runSignRelease } from "./sign-release-command.ts";
import { registerUpdateManifestRoutes } from "./update-manifest-routes.ts";

let dir: string;
let signedFile: Buffer;
let publicKey: string;

function appServing(updatesDir: string | undefined) {
  const app = createHttpApp(
    { bodyLimitBytes: 1024 * 1024, trustProxy: false, version: "test" },
    silentLogger,
  );
  registerUpdateManifestRoutes(app, { updatesDir });
  return app;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "multiclaw-updates-"));
  const printed: string[] = [];
  const io = { now: () => new Date("2026-12-07T12:00:00.000Z"), print: (line: string) => printed.push(line) };
  await runSignRelease(["--generate-key", "--key", join(dir, "release-key.pem")], io);
  publicKey = (printed.at(-1) ?? "").replace("public key: ", "");
  const out = join(dir, "cdn");
  await runSignRelease(
    [
      "--version",
      "1.2.3",
      "--channel",
      "stable",
      "--os",
      "linux",
      "--key",
      join(dir, "release-key.pem"),
    ].concat(["--out", out, "--notes-url", "https://multiclaw.io/releases/1.2.3"]),
    io,
  );
  signedFile = await readFile(join(out, "stable", "linux.json"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("the Cloud as the update CDN", () => {
  it("serves the signed manifest byte for byte, to anyone, cacheable and without a cookie", async () => {
    const response = await appServing(join(dir, "cdn")).request("/updates/v1/stable/linux.json");

    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(signedFile)).toBe(true);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("cache-control")).toBe("public, max-age=300");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("refuses paths outside its channels and operating systems, and an unpublished one, as problems", async () => {
    const app = appServing(join(dir, "cdn"));
    for (const path of [
      "/updates/v1/stable/freebsd.json",
      "/updates/v1/nightly/linux.json",
      "/updates/v1/stable/linux",
      "/updates/v1/stable/..%2F..%2Frelease-key.pem",
      "/updates/v1/beta/linux.json",
    ]) {
      const response = await app.request(path);
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toBe("application/problem+json");
      expect(((await response.json()) as { code: string }).code, path).toBe("NOT_FOUND");
    }
  });

  it("answers 404 with a problem document when no updates directory is configured", async () => {
    const response = await appServing(undefined).request("/updates/v1/stable/linux.json");
    expect(response.status).toBe(404);
    expect(((await response.json()) as { detail: string }).detail).toContain("MULTICLAW_UPDATES_DIR");
  });

  it("serves what MULTICLAW_UPDATES_DIR names from a running Cloud", async () => {
    const cloud = await startTestCloud({ env: { MULTICLAW_UPDATES_DIR: join(dir, "cdn") } });
    try {
      const response = await fetch(`${cloud.cloud.url}/updates/v1/stable/linux.json`);
      expect(Buffer.from(await response.arrayBuffer()).equals(signedFile)).toBe(true);
    } finally {
      await cloud.close();
    }
  });
});

describe("npm run release:sign", () => {
  it("signs the manifest's exact text with the release key, named by its public key", () => {
    const envelope = SignedUpdateManifest.parse(JSON.parse(signedFile.toString("utf8")));
    expect(envelope.keyId).toBe(publicKey);
    const key = createPublicKey({
      key: { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey, "base64").toString("base64url") },
      format: "jwk",
    });
    const signature = Buffer.from(envelope.signature, "base64");
    expect(verify(null, Buffer.from(envelope.manifest, "utf8"), key, signature)).toBe(true);
    expect(UpdateManifest.parse(JSON.parse(envelope.manifest))).toEqual({
      product: "multiclaw",
      channel: "stable",
      os: "linux",
      version: "1.2.3",
      releasedAt: "2026-12-07T12:00:00.000Z",
      expiresAt: "2027-03-07T12:00:00.000Z",
      notesUrl: "https://multiclaw.io/releases/1.2.3",
      install: { command: "npm install -g multiclaw@1.2.3" },
    });
  });

  it("keeps the private key to its owner and never overwrites one", async () => {
    const { stat } = await import("node:fs/promises");
    const keyFile = join(dir, "release-key.pem");
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const io = { now: () => new Date(), print: () => {} };
    await expect(runSignRelease(["--generate-key", "--key", keyFile], io)).rejects.toThrow(/EEXIST/);
  });

  it("refuses a version that is not semantic, before signing anything", async () => {
    const io = { now: () => new Date(), print: () => {} };
    const args = [
      "--version",
      "1.2",
      "--channel",
      "stable",
      "--os",
      "linux",
      "--key",
      join(dir, "release-key.pem"),
    ];
    await expect(runSignRelease([...args, "--out", join(dir, "bad")], io)).rejects.toThrow(
      /semantic version/,
    );
  });
});

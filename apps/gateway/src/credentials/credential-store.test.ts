import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CredentialFileError, createCredentialStore } from "./credential-store.ts";
import { credentialsPath, gatewayConfigDir } from "./credentials-path.ts";
import type { DeviceCredential } from "./device-credential.ts";

const credential: DeviceCredential = {
  version: 1,
  cloudUrl: "http://127.0.0.1:4800",
  workspaceId: "ws_01j9zzzzzzzzzzzzzzzzzzzzzz",
  instanceId: "ins_01j9zzzzzzzzzzzzzzzzzzzzzz",
  account: { userId: "usr_01j9zzzzzzzzzzzzzzzzzzzzzz", email: "ada@example.test", name: "Ada" },
  refreshToken: "mcr_first-refresh-token",
  savedAt: "2030-01-01T00:00:00.000Z",
};

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("the device credential file", () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "multiclaw-credentials-"));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it("lives in MULTICLAW_HOME/gateway, else in the XDG config directory", () => {
    expect(credentialsPath({ MULTICLAW_HOME: home })).toBe(join(home, "gateway", "credentials.json"));
    vi.stubEnv("XDG_CONFIG_HOME", "/xdg/config");
    try {
      expect(gatewayConfigDir({})).toBe("/xdg/config/multiclaw/gateway");
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("is written 0600 in a 0700 directory, atomically, and read back", async () => {
    const path = credentialsPath({ MULTICLAW_HOME: home });
    const store = createCredentialStore({ path });
    await store.write(credential);
    expect(await modeOf(path)).toBe(0o600);
    expect(await modeOf(join(home, "gateway"))).toBe(0o700);
    expect(await readdir(join(home, "gateway"))).toEqual(["credentials.json"]);
    expect(await createCredentialStore({ path }).read()).toEqual(credential);
  });

  it("tightens a directory that others could read", async () => {
    const directory = join(home, "gateway");
    await mkdir(directory, { mode: 0o755 });
    await chmod(directory, 0o755);
    await createCredentialStore({ path: join(directory, "credentials.json") }).write(credential);
    expect(await modeOf(directory)).toBe(0o700);
  });

  it("refuses a file others could read, a symlink, and one that is not a credential", async () => {
    const path = credentialsPath({ MULTICLAW_HOME: home });
    const store = createCredentialStore({ path });
    await store.write(credential);
    await chmod(path, 0o644);
    const loose = await store.read().catch((error: unknown) => error);
    expect(loose).toBeInstanceOf(CredentialFileError);
    expect(loose).toMatchObject({ code: "NOT_SIGNED_IN", problem: "insecure-permissions" });
    expect((loose as Error).message).toContain("chmod 600");

    await rm(path);
    const elsewhere = join(home, "planted.json");
    await writeFile(elsewhere, JSON.stringify(credential), { mode: 0o600 });
    await symlink(elsewhere, path);
    await expect(store.read()).rejects.toMatchObject({ problem: "not-a-file" });

    await rm(path);
    await writeFile(path, JSON.stringify({ ...credential, accessToken: "mca_should-never-be-here" }), {
      mode: 0o600,
    });
    const malformed = await store.read().catch((error: unknown) => error);
    expect(malformed).toMatchObject({ problem: "malformed" });
    expect((malformed as Error).message).not.toContain("mcr_");
  });

  it("saves a rotated refresh token, and writes nothing once deleted", async () => {
    const path = credentialsPath({ MULTICLAW_HOME: home });
    const store = createCredentialStore({ path, now: () => new Date("2030-02-01T00:00:00.000Z") });
    await store.write(credential);
    await store.updateRefreshToken("mcr_second");
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      ...credential,
      refreshToken: "mcr_second",
      savedAt: "2030-02-01T00:00:00.000Z",
    });
    expect(await modeOf(path)).toBe(0o600);

    expect(await store.delete()).toBe(true);
    await store.updateRefreshToken("mcr_late");
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await store.read()).toBeNull();
    expect(await store.delete()).toBe(false);
  });
});

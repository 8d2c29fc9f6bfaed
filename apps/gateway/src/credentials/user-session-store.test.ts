import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { UserSessionFile } from "./user-session-file.ts";
import { userSessionPath } from "./user-session-file.ts";
import { createUserSessionStore, UserSessionFileError } from "./user-session-store.ts";

const session: UserSessionFile = {
  version: 1,
  cloudUrl: "http://127.0.0.1:4800",
  account: { userId: "usr_01j9zzzzzzzzzzzzzzzzzzzzzz", email: "ada@example.test", name: "Ada" },
  refreshToken: "mcr_first",
  savedAt: "2030-01-01T00:00:00.000Z",
};

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("the user session file", () => {
  let home: string;
  let configDir: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "multiclaw-user-session-"));
    configDir = join(home, "gateway");
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it("is written 0600 in a 0700 directory, beside the device credential, and read back", async () => {
    const path = userSessionPath(configDir);
    expect(path).toBe(join(home, "gateway", "user-session.json"));
    const store = createUserSessionStore({ path });
    await store.write(session);
    expect(await modeOf(path)).toBe(0o600);
    expect(await modeOf(configDir)).toBe(0o700);
    expect(await readdir(configDir)).toEqual(["user-session.json"]);
    expect(await createUserSessionStore({ path }).read()).toEqual(session);
  });

  it("refuses a file others could read, and one that holds an access token", async () => {
    const path = userSessionPath(configDir);
    const store = createUserSessionStore({ path });
    await store.write(session);
    await chmod(path, 0o644);
    await expect(store.read()).rejects.toMatchObject({ problem: "insecure-permissions" });
    await rm(path);

    await store.write(session);
    const text = await readFile(path, "utf8");
    await rm(path);
    await writeFile(path, text.replace('"version"', '"accessToken": "mca_never", "version"'), {
      mode: 0o600,
    });
    const malformed = await store.read().catch((error: unknown) => error);
    expect(malformed).toBeInstanceOf(UserSessionFileError);
    expect(malformed).toMatchObject({ problem: "malformed" });
    expect((malformed as Error).message).not.toContain("mc");
  });

  it("saves a rotated refresh token only in place of the one it was rotated from", async () => {
    const path = userSessionPath(configDir);
    const store = createUserSessionStore({ path, now: () => new Date("2030-02-01T00:00:00.000Z") });
    await store.write(session);
    expect(await store.replaceRefreshToken("mcr_first", "mcr_second")).toBe(true);
    expect(JSON.parse(await readFile(path, "utf8"))).toEqual({
      ...session,
      refreshToken: "mcr_second",
      savedAt: "2030-02-01T00:00:00.000Z",
    });

    // A late rotation of a session that another sign-in replaced does not bring the old one back.
    await store.write({ ...session, refreshToken: "mcr_new-sign-in" });
    expect(await store.replaceRefreshToken("mcr_second", "mcr_third")).toBe(false);
    expect((await store.read())?.refreshToken).toBe("mcr_new-sign-in");

    // Nor does one that races a sign-out.
    expect(await store.delete()).toBe(true);
    expect(await store.replaceRefreshToken("mcr_new-sign-in", "mcr_late")).toBe(false);
    await expect(stat(path)).rejects.toMatchObject({ code: "ENOENT" });
    expect(await store.read()).toBeNull();
  });
});

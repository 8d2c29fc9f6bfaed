import { chmod, mkdir, stat, writeFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openGatewayStore } from "./gateway-store.ts";
import { openSqliteFile } from "./sqlite-file.ts";
import { makeTempStoreLocation, type TempStoreLocation } from "./testing/temp-directory.ts";

let location: TempStoreLocation;

beforeEach(async () => {
  location = await makeTempStoreLocation();
});

afterEach(async () => {
  await location.remove();
});

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

/** The first column of the pragma's row (libsql names busy_timeout's column "timeout"). */
function pragma(db: ReturnType<typeof openSqliteFile>, name: string): unknown {
  const row = db.prepare(`PRAGMA ${name}`).get() as Record<string, unknown>;
  return Object.values(row)[0];
}

describe.skipIf(process.platform === "win32")("gateway database file permissions", () => {
  it("creates the file 0600 (and its -wal and -shm files) in a new 0700 directory", async () => {
    const store = openGatewayStore({ path: location.path });
    store.state.set("written", true);
    expect(await modeOf(location.directory)).toBe(0o700);
    expect(await modeOf(location.path)).toBe(0o600);
    expect(await modeOf(`${location.path}-wal`)).toBe(0o600);
    expect(await modeOf(`${location.path}-shm`)).toBe(0o600);
    store.close();
  });

  it("tightens an existing directory and file that others could read", async () => {
    await mkdir(location.directory, { mode: 0o755 });
    await chmod(location.directory, 0o755);
    openGatewayStore({ path: location.path }).close();
    await chmod(location.path, 0o644);

    openGatewayStore({ path: location.path }).close();
    expect(await modeOf(location.directory)).toBe(0o700);
    expect(await modeOf(location.path)).toBe(0o600);
  });

  it("says which file it could not make private", async () => {
    await writeFile(location.directory, "a file where the directory should be");
    expect(() => openGatewayStore({ path: location.path })).toThrow(
      /Cannot make the gateway database .* private/,
    );
  });
});

describe("gateway database settings", () => {
  it("uses the write-ahead log, foreign keys and the busy timeout", () => {
    const db = openSqliteFile({ path: location.path, durability: "normal", busyTimeoutMs: 2500 });
    try {
      expect(pragma(db, "journal_mode")).toBe("wal");
      expect(pragma(db, "foreign_keys")).toBe(1);
      expect(pragma(db, "busy_timeout")).toBe(2500);
    } finally {
      db.close();
    }
  });

  it.each([
    ["normal", 1],
    ["full", 2],
  ] as const)("maps durability %s to synchronous = %i", (durability, level) => {
    const db = openSqliteFile({ path: location.path, durability, busyTimeoutMs: 1000 });
    try {
      expect(pragma(db, "synchronous")).toBe(level);
    } finally {
      db.close();
    }
  });
});

import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadMasterKeyRing, MasterKey } from "./master-key.ts";

const posix = process.platform !== "win32";

function base64Key(): string {
  return randomBytes(32).toString("base64");
}

function idOf(base64: string): string {
  return new MasterKey(Buffer.from(base64, "base64")).id;
}

describe("loading the master key", () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "multiclaw-master-key-"));
  });
  afterEach(() => rm(home, { recursive: true, force: true }));

  it("generates master.key in a new data directory as a 0600 file in a 0700 directory", async () => {
    const dataDir = join(home, "data");
    const ring = await loadMasterKeyRing({ dataDir });

    const file = join(dataDir, "master.key");
    const text = (await readFile(file, "utf8")).trim();
    expect(Buffer.from(text, "base64")).toHaveLength(32);
    expect(ring.current.id).toBe(idOf(text));
    if (posix) {
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    }
  });

  it("reuses the generated key on the next start", async () => {
    const first = await loadMasterKeyRing({ dataDir: home });
    const second = await loadMasterKeyRing({ dataDir: home });
    expect(second.current.id).toBe(first.current.id);
  });

  it("agrees on one generated key when two starts race", async () => {
    const rings = await Promise.all([1, 2, 3, 4].map(() => loadMasterKeyRing({ dataDir: home })));
    expect(new Set(rings.map((ring) => ring.current.id)).size).toBe(1);
    const fileKey = (await readFile(join(home, "master.key"), "utf8")).trim();
    expect(rings[0]?.current.id).toBe(idOf(fileKey));
  });

  it.runIf(posix)("refuses a generated key file that others can read, and says how to fix it", async () => {
    await loadMasterKeyRing({ dataDir: home });
    const file = join(home, "master.key");
    const key = (await readFile(file, "utf8")).trim();
    await chmod(file, 0o644);

    const error = await loadMasterKeyRing({ dataDir: home }).catch((caught: Error) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain("0644");
    expect((error as Error).message).toContain(`chmod 600 ${file}`);
    expect((error as Error).message).not.toContain(key);

    await chmod(file, 0o600);
    await expect(loadMasterKeyRing({ dataDir: home })).resolves.toMatchObject({ current: { id: idOf(key) } });
  });

  it("prefers masterKey over masterKeyFile and the generated file", async () => {
    const fromOption = base64Key();
    const file = join(home, "key.txt");
    await writeFile(file, `${base64Key()}\n`);
    const ring = await loadMasterKeyRing({ masterKey: fromOption, masterKeyFile: file, dataDir: home });
    expect(ring.current.id).toBe(idOf(fromOption));
    await expect(stat(join(home, "master.key"))).rejects.toMatchObject({ code: "ENOENT" });
  });

  it("reads masterKeyFile, ignoring surrounding whitespace", async () => {
    const key = base64Key();
    const file = join(home, "key.txt");
    await writeFile(file, `  ${key}\n`);
    const ring = await loadMasterKeyRing({ masterKeyFile: file, dataDir: home });
    expect(ring.current.id).toBe(idOf(key));
  });

  it("names the option and variable when masterKeyFile cannot be read", async () => {
    const missing = join(home, "nope.key");
    await expect(loadMasterKeyRing({ masterKeyFile: missing, dataDir: home })).rejects.toThrow(
      /masterKeyFile \(MULTICLAW_MASTER_KEY_FILE\).*nope\.key.*ENOENT/,
    );
  });

  it("refuses a master key that is not base64, naming the option and variable but not the value", async () => {
    const bad = "this is definitely not base64!!";
    const error = await loadMasterKeyRing({ masterKey: bad, dataDir: home }).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(/masterKey \(MULTICLAW_MASTER_KEY\).*not base64/);
    expect((error as Error).message).not.toContain(bad);
  });

  it("refuses a master key of the wrong length, saying how long it is", async () => {
    const short = randomBytes(16).toString("base64");
    const error = await loadMasterKeyRing({ masterKey: short, dataDir: home }).catch(
      (caught: Error) => caught,
    );
    expect((error as Error).message).toMatch(
      /masterKey \(MULTICLAW_MASTER_KEY\).*decodes to 16 bytes.*32 bytes/,
    );
    expect((error as Error).message).not.toContain(short);
  });

  it("refuses a malformed key in masterKeyFile, naming the file", async () => {
    const file = join(home, "key.txt");
    await writeFile(file, randomBytes(31).toString("base64"));
    await expect(loadMasterKeyRing({ masterKeyFile: file, dataDir: home })).rejects.toThrow(
      /MULTICLAW_MASTER_KEY_FILE.*key\.txt.*decodes to 31 bytes/,
    );
  });

  it("refuses a malformed previous key, saying which entry", async () => {
    const bad = randomBytes(24).toString("base64");
    const error = await loadMasterKeyRing({
      masterKey: base64Key(),
      previousMasterKeys: `${base64Key()}, ${bad}`,
      dataDir: home,
    }).catch((caught: Error) => caught);
    expect((error as Error).message).toMatch(
      /previousMasterKeys \(MULTICLAW_PREVIOUS_MASTER_KEYS\) entry 2 of 2.*decodes to 24 bytes/,
    );
    expect((error as Error).message).not.toContain(bad);
  });

  it("accepts previous keys for unwrapping and finds each by id", async () => {
    const current = base64Key();
    const older = base64Key();
    const oldest = randomBytes(32).toString("base64url");
    const ring = await loadMasterKeyRing({
      masterKey: current,
      previousMasterKeys: ` ${older} ,${oldest},`,
      dataDir: home,
    });
    expect(ring.ids).toEqual([
      idOf(current),
      idOf(older),
      new MasterKey(Buffer.from(oldest, "base64url")).id,
    ]);
    expect(ring.find(idOf(older))?.id).toBe(idOf(older));
    expect(ring.find("0000000000000000")).toBeUndefined();
  });

  it("identifies a key by the first 16 hex characters of its SHA-256", async () => {
    const ring = await loadMasterKeyRing({
      masterKey: Buffer.alloc(32, 0).toString("base64"),
      dataDir: home,
    });
    // SHA-256 of 32 zero bytes.
    expect(ring.current.id).toBe("66687aadf862bd77");
  });

  it("never shows the key material when the ring is logged or serialised", async () => {
    const key = base64Key();
    const ring = await loadMasterKeyRing({ masterKey: key, previousMasterKeys: base64Key(), dataDir: home });
    const hex = Buffer.from(key, "base64").toString("hex");
    for (const shown of [JSON.stringify(ring), JSON.stringify(ring.current), inspect(ring, { depth: 5 })]) {
      expect(shown).not.toContain(key);
      expect(shown).not.toContain(hex);
    }
    expect(inspect(ring.current)).toBe(`MasterKey(${ring.current.id})`);
  });
});

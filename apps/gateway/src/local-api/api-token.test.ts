import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ensureApiToken, tokenMatches } from "./api-token.ts";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "multiclaw-token-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

describe("the local API token file", () => {
  it("creates a random 32-byte token in a 0600 file inside a 0700 directory", async () => {
    const file = join(root, "gateway", "api-token");
    const token = await ensureApiToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
    expect(await readFile(file, "utf8")).toBe(`${token}\n`);
    expect(await modeOf(file)).toBe(0o600);
    expect(await modeOf(join(root, "gateway"))).toBe(0o700);
    expect(await ensureApiToken(join(root, "other", "api-token"))).not.toBe(token);
  });

  it("keeps a valid token across restarts", async () => {
    const file = join(root, "gateway", "api-token");
    const first = await ensureApiToken(file);
    expect(await ensureApiToken(file)).toBe(first);
  });

  it("replaces a token others could read, and tightens the directory", async () => {
    const directory = join(root, "gateway");
    const file = join(directory, "api-token");
    const first = await ensureApiToken(file);
    await chmod(file, 0o644);
    await chmod(directory, 0o755);
    const second = await ensureApiToken(file);
    expect(second).not.toBe(first);
    expect(await modeOf(file)).toBe(0o600);
    expect(await modeOf(directory)).toBe(0o700);
  });

  it("replaces a file that holds no valid token, and a symlink", async () => {
    const directory = join(root, "gateway");
    await mkdir(directory, { mode: 0o700 });
    const file = join(directory, "api-token");
    await writeFile(file, "short\n", { mode: 0o600 });
    const token = await ensureApiToken(file);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const elsewhere = join(root, "elsewhere");
    await writeFile(elsewhere, `${"a".repeat(43)}\n`, { mode: 0o600 });
    await rm(file);
    await symlink(elsewhere, file);
    const replaced = await ensureApiToken(file);
    expect(replaced).not.toBe("a".repeat(43));
    expect(await readFile(elsewhere, "utf8")).toBe(`${"a".repeat(43)}\n`);
  });

  it("compares tokens exactly, whatever their lengths", () => {
    const token = "A".repeat(43);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}A`)).toBe(false);
    expect(tokenMatches(token, "A".repeat(42))).toBe(false);
    expect(tokenMatches(token, "")).toBe(false);
    expect(tokenMatches(token, `B${"A".repeat(42)}`)).toBe(false);
  });
});
